using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Intake;
using Tollgate.Runs;

namespace Tollgate.Callbacks;

/// <summary>
/// Activity <c>DeliverCallback</c>: one attempt to POST a finished run's result to its callback URL, signed as a Standard
/// Webhooks delivery, and recorded on the run (row <c>callback|{NNN}</c>). A re-executed activity finds its attempt's row
/// and returns it instead of sending and recording again.
/// </summary>
public sealed partial class CallbackDelivery(RunStore runs, CallbackSender sender, IOptionsMonitor<CallbackOptions> options, TimeProvider time,
    ILogger<CallbackDelivery> logger)
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The <c>webhook-id</c> of a run's callback: the same on every attempt, as the spec asks, so a receiver can dedupe.</summary>
    public static string MessageId(string runId) => "msg_tollgate_" + runId;

    public async Task<CallbackAttemptRecord> DeliverAsync(CallbackAttemptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await runs.GetCallbackAttemptAsync(request.RunId, request.Attempt, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            return recorded;
        }

        RunRecord run = await runs.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {request.RunId} has no record.");
        CallbackOptions current = options.CurrentValue;
        DateTimeOffset at = time.GetUtcNow();
        long started = time.GetTimestamp();
        (CallbackOutcome outcome, int? status, string? error) = current.IsConfigured
            ? CallbackTargets.CheckUrl(request.Url, current) is { } urlProblem
                ? (CallbackOutcome.Refused, null, $"callbackUrl {urlProblem}")
                : await SendAsync(request.Url, run, current, at, cancellationToken).ConfigureAwait(false)
            : (CallbackOutcome.Rejected, (int?)null, (string?)"Callbacks are no longer configured (Tollgate:Callbacks:SigningSecret).");

        bool final = outcome != CallbackOutcome.Failed || request.Attempt >= request.MaxAttempts;
        var attempt = new CallbackAttemptRecord(request.RunId, request.Attempt, at, outcome, status, error,
            (long)time.GetElapsedTime(started).TotalMilliseconds, final);
        await runs.RecordCallbackAttemptAsync(attempt, cancellationToken).ConfigureAwait(false);
        LogAttempt(request.RunId, request.Attempt, outcome, status, error);
        return attempt;
    }

    /// <summary>The body a run's callback carries: <c>{type, timestamp, data: {runId, workflow, status, output, error, failureOutcome, cost}}</c>.</summary>
    public static string Payload(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var payload = new PayloadBody(
            run.Status == RunStatus.Completed ? "run.completed" : "run.failed",
            run.CompletedAt ?? run.CreatedAt,
            new PayloadData(run.RunId, run.Workflow, run.Status.ToString(),
                run.Output is null ? null : JsonSerializer.Deserialize<JsonElement>(run.Output),
                run.Error, run.FailureOutcome?.ToString(), CostView.From(run.Cost ?? Models.ModelCost.Zero)));
        return JsonSerializer.Serialize(payload, PayloadJson);
    }

    /// <summary>What an HTTP answer means: 2xx delivered; 408, 429 and 5xx worth a retry; anything else (3xx, 4xx) refused by the receiver.</summary>
    public static CallbackOutcome Classify(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => CallbackOutcome.Delivered,
        408 or 429 or >= 500 => CallbackOutcome.Failed,
        _ => CallbackOutcome.Rejected,
    };

    private async Task<(CallbackOutcome, int?, string?)> SendAsync(Uri url, RunRecord run, CallbackOptions current, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        string body = Payload(run);
        string id = MessageId(run.RunId);
        long timestamp = at.ToUnixTimeSeconds();
        using var message = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("webhook-id", id);
        message.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add("webhook-signature", CallbackSignature.Sign(current.SigningSecret!, id, timestamp, body));
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("Tollgate-Callbacks", "1"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(current.Timeout);
        try
        {
            using HttpResponseMessage response = await sender.SendAsync(message, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            CallbackOutcome outcome = Classify(status);
            string? error = outcome == CallbackOutcome.Delivered ? null
                : status is >= 300 and < 400 ? $"Redirect ({status}) not followed."
                : $"The receiver answered {status}.";
            return (outcome, status, error);
        }
        catch (HttpRequestException ex) when (CallbackSender.RefusalOf(ex) is { } refused)
        {
            return (CallbackOutcome.Refused, null, refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return (CallbackOutcome.Failed, null, ex.InnerException?.Message ?? ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (CallbackOutcome.Failed, null, $"No answer within {current.Timeout}.");
        }
    }

    private sealed record PayloadBody(string Type, DateTimeOffset Timestamp, PayloadData Data);

    private sealed record PayloadData(string RunId, string Workflow, string Status, JsonElement? Output, string? Error, string? FailureOutcome,
        CostView Cost);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback of run {RunId}, attempt {Attempt}: {Outcome} ({StatusCode}) {Error}")]
    private partial void LogAttempt(string runId, int attempt, CallbackOutcome outcome, int? statusCode, string? error);
}

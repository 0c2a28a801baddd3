using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Tollgate.Intake;

/// <summary>The queues Tollgate reads: run requests, and where requests that can never succeed go.</summary>
public static class IntakeQueues
{
    public const string Requests = "workflow-requests";
    public const string Poison = "workflow-requests-poison";

    /// <summary>The storage connection the queue trigger uses (identity-based in Azure).</summary>
    public const string Connection = "AzureWebJobsStorage";

    /// <summary>Deliveries of one message before it moves to <see cref="Poison"/> (host.json <c>extensions.queues.maxDequeueCount</c>).</summary>
    public const int MaxDequeueCount = 5;
}

/// <summary>What became of a queued run request.</summary>
/// <param name="RunId">The run it started, or the run a redelivery found.</param>
/// <param name="PoisonReason">Why the message can never succeed; it then belongs in the poison queue as it is.</param>
public sealed record QueueRunOutcome(string? RunId, string? PoisonReason);

/// <summary>
/// A queue message <c>{"workflow": "summarize", "request": {"userId": …, "input": …}}</c> starts a run. The
/// request goes through exactly the HTTP intake path (same validation, same limits), with the queue message id
/// as the idempotency key, so a redelivered message starts nothing new. A request that can never succeed
/// (bad JSON, bad input, unknown workflow) is not retried: it goes to the poison queue at once. A transient
/// failure throws, so the host redelivers the message and poisons it after <see cref="IntakeQueues.MaxDequeueCount"/>.
/// </summary>
public sealed partial class QueueRunHandler(StartRunHandler start, ILogger<QueueRunHandler> logger)
{
    public async Task<QueueRunOutcome> HandleAsync(string message, string messageId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        string? workflow;
        string request;
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 2
                || !root.TryGetProperty("workflow", out JsonElement name) || name.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("request", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
            {
                return Poison(messageId, "The message must be {\"workflow\": \"<name>\", \"request\": {\"userId\": …, \"input\": …}}.");
            }

            workflow = name.GetString();
            request = body.GetRawText();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Poison(messageId, "The message is not valid JSON.");
        }

        // The same intake as HTTP, so the two transports cannot drift apart.
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("queue");
        context.Request.ContentType = "application/json";
        context.Request.Headers[StartRunHandler.IdempotencyKeyHeader] = "queue:" + messageId;
        byte[] bytes = Encoding.UTF8.GetBytes(request);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;

        IResult result = await start.HandleAsync(context.Request, workflow ?? "", client, cancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case Accepted<StartRunResponse> accepted:
                LogStarted(messageId, accepted.Value!.RunId);
                return new QueueRunOutcome(accepted.Value.RunId, null);
            case ProblemHttpResult { StatusCode: < 500 } problem:
                return Poison(messageId, $"{problem.ProblemDetails.Title} {problem.ProblemDetails.Detail}".Trim());
            default:
                // 503 and the like: worth another delivery.
                throw new InvalidOperationException($"Queue message {messageId} could not start its run (HTTP {(result as IStatusCodeHttpResult)?.StatusCode}).");
        }
    }

    private QueueRunOutcome Poison(string messageId, string reason)
    {
        LogPoisoned(messageId, reason);
        return new QueueRunOutcome(null, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue message {MessageId} started or found run {RunId}")]
    private partial void LogStarted(string messageId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue message {MessageId} can never succeed and goes to the poison queue: {Reason}")]
    private partial void LogPoisoned(string messageId, string reason);
}

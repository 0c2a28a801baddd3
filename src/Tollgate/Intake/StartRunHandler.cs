using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tollgate.Callbacks;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Intake;

/// <summary>
/// <c>POST /api/workflows/{workflow}/runs</c>: validates the request completely, then records the run
/// and starts its orchestration. Anything refused is refused before a run exists: no record, no
/// orchestration, no model call. With an <c>Idempotency-Key</c> (or a trigger delivery id) a repeated
/// request answers with the first request's run and starts nothing new. A <c>callbackUrl</c> is checked by
/// <see cref="CallbackTargets"/> (absent: callbacks are refused as not configured).
/// </summary>
public sealed partial class StartRunHandler(RunStore runs, RunLauncher launcher, WorkflowStarts starts, IOptions<IntakeOptions> options, TimeProvider time,
    ILogger<StartRunHandler> logger, CallbackTargets? callbacks = null)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Inputs up to this size are kept inline on the run record for replay.</summary>
    internal const int MaxInlineInputChars = 16 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public async Task<IResult> HandleAsync(HttpRequest httpRequest, string workflow, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        if (!WorkflowCatalog.All.TryGetValue(workflow, out WorkflowDefinition? definition))
        {
            return Problems.UnknownWorkflow(workflow).ToResult();
        }

        string? idempotencyKey = null;
        if (httpRequest.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            idempotencyKey = values.Count == 1 ? values[0] : null;
            if (idempotencyKey is null || !IdempotencyKeyPattern().IsMatch(idempotencyKey))
            {
                return Problems.InvalidField(IdempotencyKeyHeader, "must be one value of 1-255 printable ASCII characters.").ToResult();
            }

            if (IdempotencyScopes.IsReserved(idempotencyKey))
            {
                return Problems.InvalidField(IdempotencyKeyHeader, "must not start with 'queue:', 'trigger:' or 'job:' (reserved for the keys Tollgate derives).").ToResult();
            }
        }

        (Problem? problem, byte[] body) = await JsonRequestBody.ReadAsync(httpRequest, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        StartOutcome outcome = await StartAsync(definition, body, idempotencyKey, client, cancellationToken, BypassesCache(httpRequest)).ConfigureAwait(false);
        return outcome.ToResult(httpRequest);
    }

    /// <summary>
    /// <c>Cache-Control: no-cache</c> (or <c>no-store</c>) on the run request: no step of the run is answered from the
    /// response cache, fresh or stale; the run's fresh answers are still stored for later requests. A header that does
    /// not parse is ignored.
    /// </summary>
    internal static bool BypassesCache(HttpRequest httpRequest) =>
        CacheControlHeaderValue.TryParse(httpRequest.Headers.CacheControl.ToString(), out CacheControlHeaderValue? cacheControl)
        && (cacheControl.NoCache || cacheControl.NoStore);

    /// <summary>
    /// Starts a run from an already size-checked JSON body <c>{"userId", "input"}</c>, whatever carried it:
    /// the runs API and the queue, which passes its message id as the key.
    /// <paramref name="bypassCache"/>: the caller asked that no step be answered from the response cache.
    /// </summary>
    public async Task<StartOutcome> StartAsync(WorkflowDefinition definition, byte[] body, string? idempotencyKey,
        DurableTaskClient client, CancellationToken cancellationToken, bool bypassCache = false)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(client);
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return StartOutcome.Refused(Problems.MalformedJson("The body is not valid UTF-8."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return StartOutcome.Refused(Problems.MalformedJson(ex.Message));
        }

        using (document)
        {
            Envelope envelope;
            try
            {
                envelope = ReadEnvelope(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // JSON that parses but holds a string .NET cannot represent, e.g. an escaped lone surrogate ("\ud800").
                return StartOutcome.Refused(Problems.MalformedJson("The body holds a string that is not valid Unicode."));
            }

            return envelope.Problem is not null
                ? StartOutcome.Refused(envelope.Problem)
                : await StartAsync(definition, envelope.Request!, idempotencyKey, client, cancellationToken, bypassCache).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts a run of <paramref name="definition"/> for an already-read request, whatever produced it: a run request's
    /// envelope or a trigger's mapping of a SaaS event. The input is validated here, so a bad one is refused before a
    /// run exists. <paramref name="request"/>'s input must stay readable (its document undisposed) until this returns.
    /// </summary>
    public async Task<StartOutcome> StartAsync(WorkflowDefinition definition, RunRequest request, string? idempotencyKey,
        DurableTaskClient client, CancellationToken cancellationToken, bool bypassCache = false)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        WorkflowInputResult input;
        string runId;
        try
        {
            runId = idempotencyKey is null ? RunIds.New(time) : RunIds.FromIdempotencyKey(definition.Name, request.UserId, idempotencyKey);
            input = starts.Create(definition, request.UserId, request.Input, bypassCache);
        }
        catch (InvalidOperationException)
        {
            // JSON that parses but holds a string .NET cannot represent, e.g. an escaped lone surrogate ("\ud800").
            return StartOutcome.Refused(Problems.MalformedJson("The body holds a string that is not valid Unicode."));
        }

        if (input.Field is not null)
        {
            return StartOutcome.Refused(Problems.InvalidField(input.Field, input.Problem!));
        }

        if (request.CallbackUrl is { } callbackUrl)
        {
            Problem? refusal = callbacks is null
                ? Problems.InvalidField(CallbackTargets.Field, "cannot be used: callbacks are not configured (Tollgate:Callbacks:SigningSecret).")
                : await callbacks.ValidateAsync(callbackUrl, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return StartOutcome.Refused(refusal);
            }

            input = WorkflowInputResult.Valid(((WorkflowStart)input.Input!) with { Callback = callbacks!.Plan(callbackUrl) });
        }

        string inputJson = request.Input.GetRawText();
        var run = new RunRecord(runId, definition.Name, request.UserId, RunStatus.Pending, time.GetUtcNow(),
            InputSha256: Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputJson))),
            Input: inputJson.Length <= MaxInlineInputChars ? inputJson : null,
            CostCeiling: definition.CostCeiling, LatencyBudgetMilliseconds: (long)definition.LatencyBudget.TotalMilliseconds,
            CallbackUrl: request.CallbackUrl is { } url ? CallbackView.Display(url) : null);

        bool resumable = idempotencyKey is not null;
        if (await launcher.TryLaunchAsync(definition, run, input.Input!, client, resumable, cancellationToken).ConfigureAwait(false) is { } launched)
        {
            return launched;
        }

        // The same idempotency key was used before: answer with that run, start nothing new.
        RunDetails existing = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} exists but could not be read.");
        // A repeat must name the same callback too (as far as the record keeps it: without the query string).
        if (existing.Run.InputSha256 != run.InputSha256 || existing.Run.CallbackUrl != run.CallbackUrl)
        {
            return StartOutcome.Refused(Problems.IdempotencyKeyReused());
        }

        // A first request that the engine refused (503), or that crashed between recording and scheduling
        // (so long ago that it is not merely still on its way), is finished by its repeat.
        bool unscheduled = existing.Run.Error == RunLauncher.NotScheduled || time.GetUtcNow() - existing.Run.CreatedAt > RunLauncher.SchedulingGrace;
        if (existing.Run.Status == RunStatus.Pending && unscheduled
            && await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null
            && !await launcher.EnsureScheduledAsync(client, definition, runId, input.Input!, cancellationToken).ConfigureAwait(false))
        {
            return StartOutcome.Refused(Problems.NotStarted());
        }

        LogReplayed(runId, definition.Name);
        return StartOutcome.Repeated(existing.Run);
    }

    /// <summary>The request's envelope read into a <see cref="RunRequest"/>, or the problem with it.</summary>
    private sealed record Envelope(Problem? Problem, RunRequest? Request = null)
    {
        public static Envelope Refuse(string field, string problem) => new(Problems.InvalidField(field, problem));
    }

    private static Envelope ReadEnvelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Envelope.Refuse("$", "must be a JSON object with 'userId', 'input' and optionally 'callbackUrl'.");
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name is not ("userId" or "input" or CallbackTargets.Field))
            {
                return Envelope.Refuse(property.Name, "is not a known field (expected 'userId', 'input' and optionally 'callbackUrl').");
            }
        }

        if (!root.TryGetProperty("userId", out JsonElement user) || user.ValueKind == JsonValueKind.Null)
        {
            return Envelope.Refuse("userId", "is required.");
        }

        if (user.ValueKind != JsonValueKind.String)
        {
            return Envelope.Refuse("userId", "must be a string.");
        }

        string userId = user.GetString()!;
        if (!UserIds.IsValid(userId))
        {
            return Envelope.Refuse("userId", UserIds.Rule);
        }

        if (!root.TryGetProperty("input", out JsonElement input) || input.ValueKind == JsonValueKind.Null)
        {
            return Envelope.Refuse("input", "is required.");
        }

        Uri? callbackUrl = null;
        if (root.TryGetProperty(CallbackTargets.Field, out JsonElement callback) && callback.ValueKind != JsonValueKind.Null)
        {
            if (callback.ValueKind != JsonValueKind.String)
            {
                return Envelope.Refuse(CallbackTargets.Field, "must be a string (an https URL).");
            }

            (callbackUrl, string? problem) = CallbackTargets.Parse(callback.GetString()!);
            if (problem is not null)
            {
                return Envelope.Refuse(CallbackTargets.Field, problem);
            }
        }

        return new Envelope(null, new RunRequest(userId, input, callbackUrl));
    }

    [GeneratedRegex("^[\\x21-\\x7E]{1,255}\\z")]
    private static partial Regex IdempotencyKeyPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of {Workflow} requested again with the same idempotency key; nothing new started")]
    private partial void LogReplayed(string runId, string workflow);
}

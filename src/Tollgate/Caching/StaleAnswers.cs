using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Models;
using Tollgate.Prompts;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Caching;

/// <summary>
/// Stale-serve: when a call of a step with <see cref="CachePolicy.ServeStale"/> got no answer from any deployment of
/// its chain (every one failed or was refused), the newest cached entry for the call on any deployment of the chain
/// answers, however old, as a <see cref="AttemptOutcome.ServedStale"/> attempt that records the entry's age and the
/// attempt it came from. The run completes, and its record says so. Not when the run bypassed the cache, and not when
/// the last attempt was a verdict on the content (the model refused, or the provider's content filter stopped it):
/// an older answer must not get around that. Entries are kept past their time-to-live for
/// <see cref="ResponseCacheOptions.StaleRetention"/>.
/// </summary>
public sealed partial class StaleAnswers(
    IOptionsMonitor<ModelOptions> options,
    ResponseCache cache,
    ModelGateway gateway,
    RunStore runs,
    TokenCounter tokens,
    TimeProvider time,
    ILogger<StaleAnswers> logger)
{
    /// <summary>
    /// The request for a stale answer as attempt <paramref name="attempt"/> of the call, or null when the call may not
    /// be answered stale. Deterministic: the orchestrator calls it.
    /// </summary>
    public static ModelAttemptRequest? RequestFor(RunContext run, ModelCall call, string callId, int attempt, AttemptOutcome lastOutcome)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(call);
        if (call.Cache is not { ServeStale: true } || call.BypassCache || lastOutcome is AttemptOutcome.Refused or AttemptOutcome.ContentFiltered)
        {
            return null;
        }

        return new ModelAttemptRequest(run.RunId, run.UserId, callId, attempt, call.Step, call.PromptId, call.PromptVersion, call.Variables,
            call.MaxOutputTokens, call.MinOutputTokens, Output: call.Output, Workflow: call.Workflow, Cache: call.Cache, BypassCache: call.BypassCache);
    }

    /// <summary>
    /// Records and returns the stale answer, or returns null (recording nothing) when no deployment of the chain has an
    /// entry for the call. A re-run of an attempt that was already recorded returns the record.
    /// </summary>
    public async Task<ModelAttemptResult?> ServeAsync(ModelAttemptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cache is not { ServeStale: true } || request.BypassCache)
        {
            return null;
        }

        if (await runs.GetAttemptAsync(request.RunId, request.CallId, request.Attempt, cancellationToken).ConfigureAwait(false) is { } finished)
        {
            return ModelGateway.FromRecord(finished);
        }

        // A recorded replay shows what today's code makes of the recording; a cached answer would hide a difference.
        if (await runs.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false) is { ReplayMode: Runs.ReplayMode.Recorded })
        {
            return null;
        }

        DateTimeOffset startedAt = time.GetUtcNow();
        long started = time.GetTimestamp();
        RenderedPrompt prompt = PromptCatalog.Get(request.PromptId, request.PromptVersion).Render(request.Variables);
        ResponseCacheEntry? newest = null;
        string? answeredBy = null;
        foreach ((string name, ModelDeploymentOptions deployment) in options.CurrentValue.DefaultChain())
        {
            ResponseCacheKey key = ResponseCacheKey.For(name, deployment, prompt, request.MaxOutputTokens, request.Output);
            if (await cache.FindAsync(key, request.Output, cancellationToken).ConfigureAwait(false) is { } entry
                && (newest is null || entry.CreatedAt > newest.CreatedAt))
            {
                newest = entry;
                answeredBy = name;
            }
        }

        if (newest is null)
        {
            LogNothingStale(request.RunId, request.Step);
            return null;
        }

        long ageSeconds = Math.Max(0L, (long)(time.GetUtcNow() - newest.CreatedAt).TotalSeconds);
        int countedInput = tokens.CountChat([("system", prompt.System), ("user", prompt.User)]) + (request.Output is { } schema ? tokens.Count(schema.Json) : 0);
        ModelAttemptResult stale = ResponseCache.Answer(AttemptOutcome.ServedStale, newest, answeredBy!, countedInput, request.MaxOutputTokens,
            (long)time.GetElapsedTime(started).TotalMilliseconds, ageSeconds);
        LogServedStale(request.RunId, request.Step, answeredBy!, ageSeconds, newest.Source);
        return await gateway.CompleteAsync(request, prompt, startedAt, stale, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Run {RunId} step {Step}: every deployment failed; answered from a stale cache entry of {Deployment}, {AgeSeconds} s old (from {Source})")]
    private partial void LogServedStale(string runId, string step, string deployment, long ageSeconds, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} step {Step}: every deployment failed and no cache entry could answer")]
    private partial void LogNothingStale(string runId, string step);
}

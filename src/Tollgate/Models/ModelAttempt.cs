namespace Tollgate.Models;

/// <summary>
/// One request to one deployment, as the orchestrator asks for it. <see cref="CallId"/> names the
/// logical model call (stable across its attempts); <see cref="Attempt"/> counts from 1. The output
/// cap is <see cref="MaxOutputTokens"/>; when the user's budget cannot cover it, the gateway may lower
/// it, never below <see cref="MinOutputTokens"/>.
/// </summary>
public sealed record ModelAttemptRequest(
    string RunId,
    string UserId,
    string CallId,
    int Attempt,
    string Step,
    string PromptId,
    int PromptVersion,
    IReadOnlyDictionary<string, string> Variables,
    int MaxOutputTokens,
    int MinOutputTokens,
    string? Deployment = null);

public enum AttemptOutcome
{
    Succeeded,

    /// <summary>HTTP 429: retry after the provider's Retry-After.</summary>
    RateLimited,

    /// <summary>HTTP 5xx: transient.</summary>
    ServerError,

    /// <summary>No answer within the deployment's timeout: the provider may have billed it.</summary>
    TimedOut,

    /// <summary>The connection failed: whether the provider did (and billed) the work is unknown.</summary>
    Unreachable,

    /// <summary>
    /// An earlier execution of this attempt stopped between reserving and settling (the worker died): it may
    /// have called the model, so it is charged at its reservation and the call moves on to a new attempt.
    /// </summary>
    Interrupted,

    /// <summary>The user's budget cannot cover the call even at the step's smallest output cap; nothing was sent.</summary>
    BudgetExceeded,

    /// <summary>The deployment's circuit breaker is open after repeated failures; nothing was sent.</summary>
    CircuitOpen,

    /// <summary>The prompt plus the output cap does not fit the deployment's context window; nothing was sent.</summary>
    ContextTooLong,

    /// <summary>The provider's content filter refused the prompt or the answer.</summary>
    ContentFiltered,

    /// <summary>Any other rejection (bad request, authentication): retrying the same request cannot help.</summary>
    Rejected,
}

/// <summary>What one attempt produced. Failures are values, not exceptions, so the orchestrator decides.</summary>
public sealed record ModelAttemptResult(
    AttemptOutcome Outcome,
    string Deployment,
    string? Text,
    string? ResponseModel,
    string? SystemFingerprint,
    string? FinishReason,
    int CountedInputTokens,
    int MaxOutputTokens,
    TokenUsage Usage,
    ModelCost Cost,
    long LatencyMilliseconds,
    TimeSpan? RetryAfter = null,
    string? Error = null,
    decimal Reserved = 0m,
    string? Fallback = null,
    string? ReplayedFrom = null,
    bool CostIsEstimate = false)
{
    /// <summary>Another attempt on the same deployment may succeed (<see cref="AttemptOutcomes"/>).</summary>
    public bool IsTransient => AttemptOutcomes.Of(Outcome).Transient;

    /// <summary>Outcomes where the provider may have done the work without reporting usage (<see cref="AttemptOutcomes"/>).</summary>
    public static bool IsUnknown(AttemptOutcome outcome) => AttemptOutcomes.Of(outcome).OutcomeUnknown;
}

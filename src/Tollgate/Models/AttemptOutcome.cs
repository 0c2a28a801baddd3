namespace Tollgate.Models;

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

    /// <summary>The answer did not satisfy the step's output schema (the errors are on the attempt).</summary>
    InvalidOutput,

    /// <summary>The model declined to answer (<c>message.refusal</c>): recorded as such, never parsed.</summary>
    Refused,

    /// <summary>
    /// The call's worst case does not fit what is left of the workflow's per-run cost ceiling, even at the step's
    /// smallest output cap; nothing was sent.
    /// </summary>
    CostCeiling,

    /// <summary>Answered from the response cache: nothing sent, nothing charged; the attempt names the one it came from.</summary>
    Cached,

    /// <summary>
    /// Every deployment of the chain failed or refused, and the step allows it: answered from the newest cached entry
    /// past its time-to-live; the attempt records the entry's age.
    /// </summary>
    ServedStale,

    /// <summary>The deployment's recent p95 latency is over the step's latency budget; nothing was sent.</summary>
    TooSlow,

    /// <summary>Any other rejection (bad request, authentication): retrying the same request cannot help.</summary>
    Rejected,
}

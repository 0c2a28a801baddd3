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

    /// <summary>Any other rejection (bad request, authentication): retrying the same request cannot help.</summary>
    Rejected,
}

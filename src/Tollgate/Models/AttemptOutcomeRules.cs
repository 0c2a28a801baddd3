namespace Tollgate.Models;

/// <summary>
/// What one <see cref="AttemptOutcome"/> means to the attempt loop, the deployment's circuit breaker and the ledger.
/// </summary>
/// <param name="Transient">Another attempt on the same deployment may succeed, after a backoff.</param>
/// <param name="Fallback">When the call moves to the deployment's fallback.</param>
/// <param name="DeploymentFailure">Counts as a failure of the deployment for its circuit breaker.</param>
/// <param name="OutcomeUnknown">The provider may have done (and billed) the work without reporting usage, so the attempt is charged at its reservation.</param>
/// <param name="Repairable">The same deployment gets one repair attempt, shown its answer and what was wrong with it, before any fallback.</param>
/// <param name="Answered">The attempt answered the call (from the model, the cache, or a stale cache entry).</param>
public sealed record AttemptOutcomeRules(bool Transient, FallbackRule Fallback, bool DeploymentFailure, bool OutcomeUnknown, bool Repairable = false,
    bool Answered = false);

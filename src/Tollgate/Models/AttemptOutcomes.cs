namespace Tollgate.Models;

/// <summary>
/// The one table of what each <see cref="AttemptOutcome"/> means. <c>ModelCalls</c> (retry, fall back),
/// <see cref="DeploymentCircuits"/> (what opens a breaker) and <see cref="ModelGateway"/> (what is charged
/// as an estimate) all read it, so a new outcome is decided in one place.
/// </summary>
public static class AttemptOutcomes
{
    private static readonly AttemptOutcomeRules Succeeded = new(Transient: false, FallbackRule.Never, DeploymentFailure: false, OutcomeUnknown: false, Answered: true);
    private static readonly AttemptOutcomeRules Cached = new(Transient: false, FallbackRule.Never, DeploymentFailure: false, OutcomeUnknown: false, Answered: true);
    private static readonly AttemptOutcomeRules ServedStale = new(Transient: false, FallbackRule.Never, DeploymentFailure: false, OutcomeUnknown: false, Answered: true);
    private static readonly AttemptOutcomeRules RateLimited = new(Transient: true, FallbackRule.AtOnce, DeploymentFailure: true, OutcomeUnknown: false);
    private static readonly AttemptOutcomeRules ServerError = new(Transient: true, FallbackRule.AfterDeploymentAttempts, DeploymentFailure: true, OutcomeUnknown: false);
    private static readonly AttemptOutcomeRules TimedOut = new(Transient: true, FallbackRule.AfterDeploymentAttempts, DeploymentFailure: true, OutcomeUnknown: true);
    private static readonly AttemptOutcomeRules Unreachable = new(Transient: true, FallbackRule.AfterDeploymentAttempts, DeploymentFailure: true, OutcomeUnknown: true);

    // The worker died mid-attempt: says nothing about the deployment's health, but the model may have been called.
    private static readonly AttemptOutcomeRules Interrupted = new(Transient: true, FallbackRule.AfterDeploymentAttempts, DeploymentFailure: false, OutcomeUnknown: true);

    // Nothing was sent: the deployment cannot take this request (budget at its prices, its window, its open breaker).
    private static readonly AttemptOutcomeRules BudgetExceeded = new(Transient: false, FallbackRule.AtOnce, DeploymentFailure: false, OutcomeUnknown: false);
    private static readonly AttemptOutcomeRules CircuitOpen = new(Transient: true, FallbackRule.AtOnce, DeploymentFailure: false, OutcomeUnknown: false);
    private static readonly AttemptOutcomeRules ContextTooLong = new(Transient: false, FallbackRule.AtOnce, DeploymentFailure: false, OutcomeUnknown: false);

    // The answer is there but not the declared shape: one repair on the same deployment, then its fallback. The
    // deployment answered, so it is not a failure of the deployment.
    private static readonly AttemptOutcomeRules InvalidOutput = new(Transient: false, FallbackRule.AtOnce, DeploymentFailure: false, OutcomeUnknown: false, Repairable: true);

    // Steered away before sending: the deployment is answering slower than the step can wait.
    private static readonly AttemptOutcomeRules TooSlow = new(Transient: false, FallbackRule.AtOnce, DeploymentFailure: false, OutcomeUnknown: false);

    // The run's cost ceiling cannot cover this deployment's smallest call: a cheaper fallback may fit.
    private static readonly AttemptOutcomeRules CostCeiling = new(Transient: false, FallbackRule.AtOnce, DeploymentFailure: false, OutcomeUnknown: false);

    // Refusals of the content itself: another deployment would be sent the same content.
    private static readonly AttemptOutcomeRules ContentFiltered = new(Transient: false, FallbackRule.Never, DeploymentFailure: false, OutcomeUnknown: false);
    private static readonly AttemptOutcomeRules Refused = new(Transient: false, FallbackRule.Never, DeploymentFailure: false, OutcomeUnknown: false);
    private static readonly AttemptOutcomeRules Rejected = new(Transient: false, FallbackRule.Never, DeploymentFailure: false, OutcomeUnknown: false);

    /// <summary>Whether <paramref name="outcome"/> answered the call.</summary>
    public static bool IsAnswer(AttemptOutcome outcome) => Of(outcome).Answered;

    /// <summary>The rules of <paramref name="outcome"/>; throws for a value that is not a named outcome.</summary>
    public static AttemptOutcomeRules Of(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Succeeded => Succeeded,
        AttemptOutcome.Cached => Cached,
        AttemptOutcome.ServedStale => ServedStale,
        AttemptOutcome.TooSlow => TooSlow,
        AttemptOutcome.RateLimited => RateLimited,
        AttemptOutcome.ServerError => ServerError,
        AttemptOutcome.TimedOut => TimedOut,
        AttemptOutcome.Unreachable => Unreachable,
        AttemptOutcome.Interrupted => Interrupted,
        AttemptOutcome.BudgetExceeded => BudgetExceeded,
        AttemptOutcome.CircuitOpen => CircuitOpen,
        AttemptOutcome.ContextTooLong => ContextTooLong,
        AttemptOutcome.ContentFiltered => ContentFiltered,
        AttemptOutcome.InvalidOutput => InvalidOutput,
        AttemptOutcome.Refused => Refused,
        AttemptOutcome.CostCeiling => CostCeiling,
        AttemptOutcome.Rejected => Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Every attempt outcome needs a row in AttemptOutcomes."),
    };
}

namespace Tollgate.Rollouts;

/// <summary>
/// What a rollout decided for one model call: the arm every attempt of the call records (<c>"{rollout}:{arm}"</c>) and
/// the deployment its attempts go to until the call falls back.
/// </summary>
public sealed record RolloutDecision(string Label, string Deployment);

namespace Tollgate.Rollouts;

/// <summary>A validated rollout (see <see cref="RolloutSettings"/>): every field set, the percentage within 0 to 100.</summary>
public sealed record Rollout(string Name, string Workflow, string Step, string Current, string Candidate, double Percentage, string Salt)
{
    /// <summary>The deployment that serves <paramref name="arm"/> (<see cref="RolloutArms"/>).</summary>
    public string DeploymentOf(string arm) => arm == RolloutArms.Candidate ? Candidate : Current;
}

namespace Tollgate.Rollouts;

/// <summary>
/// <c>GET /api/rollouts/{name}</c>: the rollout as configured now and its two arms side by side, computed from the
/// <c>RolloutRuns</c> index (every finished run that took part), so a person can decide whether to grow, hold or kill it.
/// </summary>
public sealed record RolloutReport(
    string Rollout,
    string Workflow,
    string Step,
    double Percentage,
    IReadOnlyList<RolloutArmReport> Arms)
{
    public static RolloutReport From(Rollout rollout, IEnumerable<RolloutRunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(runs);
        RolloutRunRecord[] all = [.. runs];
        return new RolloutReport(rollout.Name, rollout.Workflow, rollout.Step, rollout.Percentage,
            [.. RolloutArms.All.Select(arm => RolloutArmReport.From(arm, rollout.DeploymentOf(arm), all.Where(r => r.Arm == arm)))]);
    }
}

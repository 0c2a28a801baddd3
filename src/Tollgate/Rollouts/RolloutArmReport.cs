using Tollgate.Runs;

namespace Tollgate.Rollouts;

/// <summary>
/// One arm of a rollout over the runs it served. Every rate comes with the count it divides by (null when that count is
/// 0): <see cref="SuccessRate"/> and <see cref="FallbackRate"/> are over <see cref="Runs"/>,
/// <see cref="StructuredValidityRate"/> is valid structured answers over all structured answers of the rolled-out step,
/// and <see cref="ModelLatencyMs"/> holds the percentiles of the runs' model latency with its sample count.
/// <see cref="Deployment"/> is the arm's deployment as configured now.
/// </summary>
public sealed record RolloutArmReport(
    string Arm,
    string Deployment,
    int Runs,
    int Succeeded,
    double? SuccessRate,
    int StructuredAnswers,
    int ValidStructuredAnswers,
    double? StructuredValidityRate,
    int FellBack,
    double? FallbackRate,
    LatencyPercentiles ModelLatencyMs,
    decimal TotalCost,
    decimal? MeanCostPerRun)
{
    public static RolloutArmReport From(string arm, string deployment, IEnumerable<RolloutRunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        RolloutRunRecord[] served = [.. runs];
        int succeeded = served.Count(r => r.Status == RunStatus.Completed);
        int structured = served.Sum(r => r.StructuredAnswers);
        int valid = served.Sum(r => r.ValidStructuredAnswers);
        int fellBack = served.Count(r => r.FellBack);
        decimal cost = served.Sum(r => r.Cost);
        return new RolloutArmReport(arm, deployment, served.Length, succeeded, Rate(succeeded, served.Length), structured, valid,
            Rate(valid, structured), fellBack, Rate(fellBack, served.Length), LatencyPercentiles.Of(served.Select(r => r.ModelLatencyMilliseconds)),
            cost, served.Length == 0 ? null : cost / served.Length);
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : part / (double)whole;
}

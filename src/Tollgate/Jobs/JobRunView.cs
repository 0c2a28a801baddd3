namespace Tollgate.Jobs;

/// <summary>An occurrence's progress as <c>GET /api/jobs/{name}/runs/{occurrence}</c> reports it.</summary>
/// <param name="Job">The job.</param>
/// <param name="Occurrence">The occurrence (UTC).</param>
/// <param name="InstanceId">Its orchestration's instance id.</param>
/// <param name="Status">Pending, Running, Completed, Failed or Terminated (the orchestration's).</param>
/// <param name="ItemsDone">Items whose run completed.</param>
/// <param name="ItemsFailed">Items whose run failed.</param>
/// <param name="ItemsInFlight">Item runs under way.</param>
/// <param name="ItemsPending">The job's items no occurrence has taken yet, plus those this one holds and has not finished.</param>
/// <param name="Cost">What this occurrence's finished item runs cost (USD), from their run records.</param>
/// <param name="CostCeiling">What the occurrence may spend.</param>
/// <param name="StoppedOnCeiling">It stopped because the next item's worst case would have passed the ceiling.</param>
/// <param name="StartedAt">When its first page began.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Error">Why the orchestration failed, when it did.</param>
public sealed record JobRunView(
    string Job,
    DateTimeOffset Occurrence,
    string InstanceId,
    string Status,
    int ItemsDone,
    int ItemsFailed,
    int ItemsInFlight,
    int ItemsPending,
    decimal Cost,
    decimal CostCeiling,
    bool StoppedOnCeiling,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error = null);

using Tollgate.Models;

namespace Tollgate.Runs;

/// <summary>
/// A workflow run as recorded in the Runs table (partition = run id, row "run"). Usage and cost are
/// the sums over the run's attempts, written when the run ends, with the workflow's cost ceiling and latency budget
/// and whether the run's model latency passed that budget. A failed run names the attempt outcome that ended it.
/// <see cref="CallbackUrl"/>: where the run's result is POSTed when it ends, as shown (no query string), or null.
/// </summary>
public sealed record RunRecord(
    string RunId,
    string Workflow,
    string UserId,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    string InputSha256,
    string? Input,
    DateTimeOffset? CompletedAt = null,
    string? Output = null,
    string? Error = null,
    TokenUsage? Usage = null,
    ModelCost? Cost = null,
    int Attempts = 0,
    string? Deployment = null,
    string? ResponseModel = null,
    long? ModelLatencyMilliseconds = null,
    string? ReplayOf = null,
    ReplayMode? ReplayMode = null,
    decimal? CostCeiling = null,
    long? LatencyBudgetMilliseconds = null,
    bool LatencyBudgetExceeded = false,
    AttemptOutcome? FailureOutcome = null,
    string? CallbackUrl = null);

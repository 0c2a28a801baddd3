using Tollgate.Models;

namespace Tollgate.Runs;

/// <summary>
/// How a run ended, as the orchestrator reports it: with the workflow's limits, so the record shows what the run was
/// held to, and for a failure the attempt outcome that ended it (e.g. <see cref="AttemptOutcome.InvalidOutput"/>).
/// </summary>
public sealed record RunCompletion(
    string RunId,
    RunStatus Status,
    string? Output,
    string? Error,
    decimal? CostCeiling = null,
    TimeSpan? LatencyBudget = null,
    AttemptOutcome? FailureOutcome = null);

using Tollgate.Models;

namespace Tollgate.Runs;

public enum RunStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}

/// <summary>How a run replays another.</summary>
public enum ReplayMode
{
    /// <summary>The workflow code runs again; every model call is answered from the original run's record. Costs nothing.</summary>
    Recorded,

    /// <summary>The workflow runs again with the original input and calls the models for real; the outputs are compared.</summary>
    Live,
}

/// <summary>
/// A workflow run as recorded in the Runs table (partition = run id, row "run"). Usage and cost are
/// the sums over the run's attempts, written when the run ends.
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
    ReplayMode? ReplayMode = null);

/// <summary>
/// One request to a model, recorded whatever its outcome (partition = run id, row
/// "attempt|{callId}|{attempt}"): enough to explain its cost and to replay the run from the record.
/// </summary>
public sealed record AttemptRecord(
    string RunId,
    string CallId,
    int Attempt,
    string Step,
    string Deployment,
    string PromptId,
    int PromptVersion,
    string PromptSha256,
    int CountedInputTokens,
    int MaxOutputTokens,
    AttemptOutcome Outcome,
    DateTimeOffset StartedAt,
    long LatencyMilliseconds,
    TokenUsage Usage,
    ModelCost Cost,
    bool CostIsEstimate,
    decimal Reserved = 0m,
    int StepMaxOutputTokens = 0,
    string? ResponseModel = null,
    string? SystemFingerprint = null,
    string? FinishReason = null,
    string? Output = null,
    string? Error = null,
    string? ReplayedFrom = null,
    long? Seed = null);

/// <summary>A run and its attempts in order.</summary>
public sealed record RunDetails(RunRecord Run, IReadOnlyList<AttemptRecord> Attempts);

/// <summary>How a run ended, as the orchestrator reports it.</summary>
public sealed record RunCompletion(string RunId, RunStatus Status, string? Output, string? Error);

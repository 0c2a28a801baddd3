using Tollgate.Models;

namespace Tollgate.Runs;

/// <summary>
/// One request to a model, recorded whatever its outcome (partition = run id, row
/// "attempt|{callId}|{attempt}"): enough to explain its cost and to replay the run from the record.
/// <see cref="IsRepair"/> marks a structured step's repair attempt; <see cref="OutputSchemaSha256"/> names the schema
/// a structured answer was checked against.
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
    long? Seed = null,
    bool IsRepair = false,
    string? OutputSchemaSha256 = null);

using Tollgate.Models;

namespace Tollgate.Runs;

/// <summary>
/// One request to a model, recorded whatever its outcome (partition = run id, row
/// "attempt|{callId}|{attempt}"): enough to explain its cost and to replay the run from the record.
/// <see cref="IsRepair"/> marks a structured step's repair attempt; <see cref="OutputSchemaSha256"/> names the schema
/// a structured answer was checked against. A <c>Cached</c> or <c>ServedStale</c> attempt names in <see cref="CachedFrom"/>
/// the attempt (run/call/attempt) whose answer it reused, and a stale one its age; <see cref="TrimmedTokens"/> is how
/// much of a trimmable variable was cut to fit the window; <see cref="RolloutArm"/> is "{rollout}:{arm}" when a
/// rollout chose the deployment.
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
    string? OutputSchemaSha256 = null,
    string? CachedFrom = null,
    long? StaleAgeSeconds = null,
    int TrimmedTokens = 0,
    string? RolloutArm = null);

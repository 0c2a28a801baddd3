namespace Tollgate.Models;

/// <summary>What one attempt produced. Failures are values, not exceptions, so the orchestrator decides.</summary>
public sealed record ModelAttemptResult(
    AttemptOutcome Outcome,
    string Deployment,
    string? Text,
    string? ResponseModel,
    string? SystemFingerprint,
    string? FinishReason,
    int CountedInputTokens,
    int MaxOutputTokens,
    TokenUsage Usage,
    ModelCost Cost,
    long LatencyMilliseconds,
    TimeSpan? RetryAfter = null,
    string? Error = null,
    decimal Reserved = 0m,
    string? Fallback = null,
    string? ReplayedFrom = null,
    bool CostIsEstimate = false,
    string? Refusal = null,
    IReadOnlyList<string>? OutputErrors = null,
    string? CachedFrom = null,
    long? StaleAgeSeconds = null,
    int TrimmedTokens = 0,
    string? RolloutArm = null)
{
    /// <summary>Another attempt on the same deployment may succeed (<see cref="AttemptOutcomes"/>).</summary>
    public bool IsTransient => AttemptOutcomes.Of(Outcome).Transient;

    /// <summary>Outcomes where the provider may have done the work without reporting usage (<see cref="AttemptOutcomes"/>).</summary>
    public static bool IsUnknown(AttemptOutcome outcome) => AttemptOutcomes.Of(outcome).OutcomeUnknown;
}

using System.Text.Json;
using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Intake;

/// <summary>
/// The public shape of a run; money in decimal, tokens split the way they are billed. <see cref="Input"/> is the caller's input as
/// recorded (null when it was too large to keep), so an exported run can be replayed against today's workflow code.
/// </summary>
public sealed record RunView(
    string RunId,
    string Workflow,
    string UserId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    long? DurationMs,
    JsonElement? Output,
    string? Error,
    string? Deployment,
    string? ResponseModel,
    TokenUsage Usage,
    CostView Cost,
    long? ModelLatencyMs,
    PromptView? Prompt,
    string InputSha256,
    JsonElement? Input,
    string? ReplayOf,
    string? ReplayMode,
    bool? MatchesOriginal,
    decimal? CostCeiling,
    long? LatencyBudgetMs,
    bool LatencyBudgetExceeded,
    string? FailureOutcome,
    IReadOnlyList<PromptView> Prompts,
    IReadOnlyList<AttemptView> Attempts,
    bool ServedStale = false,
    CallbackView? Callback = null)
{
    public static RunView From(RunDetails details, RunStatus status, bool? matchesOriginal = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        RunRecord run = details.Run;
        AttemptRecord? first = details.Attempts.Count > 0 ? details.Attempts[0] : null;
        return new RunView(
            run.RunId, run.Workflow, run.UserId, status.ToString(), run.CreatedAt, run.CompletedAt,
            run.CompletedAt is { } completed ? (long)(completed - run.CreatedAt).TotalMilliseconds : null,
            run.Output is null ? null : JsonSerializer.Deserialize<JsonElement>(run.Output),
            run.Error, run.Deployment, run.ResponseModel,
            run.Usage ?? TokenUsage.None, CostView.From(run.Cost ?? ModelCost.Zero), run.ModelLatencyMilliseconds,
            first is null ? null : new PromptView(first.PromptId, first.PromptVersion, first.PromptSha256),
            run.InputSha256,
            run.Input is null ? null : JsonSerializer.Deserialize<JsonElement>(run.Input),
            run.ReplayOf,
            run.ReplayMode?.ToString(),
            matchesOriginal,
            run.CostCeiling,
            run.LatencyBudgetMilliseconds,
            run.LatencyBudgetExceeded,
            run.FailureOutcome?.ToString(),
            [.. details.Attempts.Select(a => new PromptView(a.PromptId, a.PromptVersion, a.PromptSha256)).Distinct()],
            [.. details.Attempts.Select(AttemptView.From)])
        {
            // A step answered from a stale cache entry because every deployment failed: the run completed, degraded.
            ServedStale = details.Attempts.Any(a => a.Outcome == AttemptOutcome.ServedStale),
            Callback = run.CallbackUrl is { } callbackUrl ? CallbackView.From(callbackUrl, details.CallbackAttempts ?? []) : null,
        };
    }
}

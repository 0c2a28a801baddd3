using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Intake;

/// <summary>
/// <c>GET /api/runs/{runId}</c>: the run as recorded — status, output, what it cost and why, and
/// every model attempt. An id that is not a run id is simply not found.
/// </summary>
public sealed class GetRunHandler(RunStore runs)
{
    public async Task<IResult> HandleAsync(string runId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!RunIds.IsValid(runId))
        {
            return Problems.RunNotFound().ToResult();
        }

        RunDetails? details = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (details is null)
        {
            return Problems.RunNotFound().ToResult();
        }

        RunStatus status = details.Run.Status;
        if (status == RunStatus.Pending)
        {
            OrchestrationMetadata? instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            status = instance?.RuntimeStatus switch
            {
                OrchestrationRuntimeStatus.Running => RunStatus.Running,
                // The orchestration ended without writing its outcome (e.g. terminated by an operator).
                OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => RunStatus.Failed,
                _ => status,
            };
        }

        // A finished replay says whether it reproduced the run it replays: same status, same output.
        bool? matches = null;
        if (details.Run is { ReplayOf: { } originalId, Status: RunStatus.Completed or RunStatus.Failed }
            && await runs.GetRunAsync(originalId, cancellationToken).ConfigureAwait(false) is { } original)
        {
            matches = original.Status == details.Run.Status && original.Output == details.Run.Output;
        }

        return Results.Ok(RunView.From(details, status, matches));
    }
}

/// <summary>The public shape of a run; money in decimal, tokens split the way they are billed.</summary>
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
    string? ReplayOf,
    string? ReplayMode,
    bool? MatchesOriginal,
    IReadOnlyList<AttemptView> Attempts)
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
            run.ReplayOf,
            run.ReplayMode?.ToString(),
            matchesOriginal,
            [.. details.Attempts.Select(AttemptView.From)]);
    }
}

public sealed record CostView(string Currency, decimal Input, decimal CachedInput, decimal Output, decimal Total)
{
    public static CostView From(ModelCost cost) => new("USD", cost.Input, cost.CachedInput, cost.Output, cost.Total);
}

public sealed record PromptView(string Id, int Version, string Sha256);

public sealed record AttemptView(
    string CallId,
    int Attempt,
    string Step,
    string Deployment,
    string Outcome,
    int CountedInputTokens,
    int MaxOutputTokens,
    int StepMaxOutputTokens,
    TokenUsage Usage,
    decimal Reserved,
    CostView Cost,
    bool CostIsEstimate,
    long LatencyMs,
    string? ResponseModel,
    string? SystemFingerprint,
    string? FinishReason,
    DateTimeOffset StartedAt,
    string? Error,
    string? ReplayedFrom,
    long? Seed)
{
    public static AttemptView From(AttemptRecord a) => new(
        a.CallId, a.Attempt, a.Step, a.Deployment, a.Outcome.ToString(), a.CountedInputTokens, a.MaxOutputTokens, a.StepMaxOutputTokens,
        a.Usage, a.Reserved, CostView.From(a.Cost), a.CostIsEstimate, a.LatencyMilliseconds, a.ResponseModel, a.SystemFingerprint,
        a.FinishReason, a.StartedAt, a.Error, a.ReplayedFrom, a.Seed);
}

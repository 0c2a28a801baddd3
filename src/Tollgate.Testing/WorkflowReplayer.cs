using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Intake;
using Tollgate.Models;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Testing;

/// <summary>
/// Replays an exported run — the JSON of <c>GET /api/runs/{id}</c> — against today's workflow code, like Temporal's
/// replayer: the same workflow runs again with the recorded input, for the recorded user, and every model call is answered
/// from the recording (the n-th call of a step with the n-th answer of that step, by Tollgate's own recorded replay; nothing
/// is sent). The replay fails with a <see cref="WorkflowAssertionException"/> when today's code makes different calls (other
/// steps, in another order, or with another prompt id, version or content) or ends differently (status, or an output that
/// is not JSON-equal to the recorded one). Use it to catch regressions from prompt and code changes. A failed run replays
/// up to the call that failed it, which fails again (the recording has no answer for it); its error is not compared.
/// </summary>
public static class WorkflowReplayer
{
    /// <summary>Replays <paramref name="exportedRunJson"/> on a host of its own (see <see cref="WorkflowTestHost"/>), disposed afterwards.</summary>
    public static async Task<WorkflowRun> ReplayAsync(string exportedRunJson, WorkflowTestHostOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(new ScriptedModel(), options, cancellationToken).ConfigureAwait(false);
        return await ReplayAsync(host, exportedRunJson, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replays <paramref name="exportedRunJson"/> on <paramref name="host"/>, with the host's workflow settings (an export does
    /// not hold the settings its run had). Returns the replay's run when it matches the recording.
    /// </summary>
    public static async Task<WorkflowRun> ReplayAsync(WorkflowTestHost host, string exportedRunJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        RunView recorded = Read(exportedRunJson);
        WorkflowDefinition definition = WorkflowCatalog.Get(recorded.Workflow)
            ?? throw new WorkflowAssertionException($"Run {recorded.RunId} is of the workflow '{recorded.Workflow}', which is no longer in the catalog.");
        if (recorded.Input is not { } input)
        {
            throw new WorkflowAssertionException($"Run {recorded.RunId} was exported without its input (too large to keep on its record), so it cannot be replayed.");
        }

        // The recording goes into the host's tables, where the gateway's recorded replay reads the answers from.
        RunStore runs = host.Services.GetRequiredService<RunStore>();
        await runs.TryCreateAsync(ToRecord(recorded), cancellationToken).ConfigureAwait(false);
        foreach (AttemptView attempt in recorded.Attempts)
        {
            await runs.RecordAttemptAsync(ToRecord(recorded.RunId, attempt), cancellationToken).ConfigureAwait(false);
        }

        WorkflowRun replay = await host.ExecuteAsync(definition.Create(), input, recorded.UserId, null, recorded.RunId, cancellationToken)
            .ConfigureAwait(false);
        List<string> differences = Compare(recorded, replay);
        if (differences.Count > 0)
        {
            throw new WorkflowAssertionException($"Replaying run {recorded.RunId} of {recorded.Workflow} against today's code differs from the recording:"
                + string.Concat(differences.Select(d => "\n - " + d)) + replay.Describe());
        }

        return replay;
    }

    /// <summary>Reads an export as <c>GET /api/runs/{id}</c> writes it (camelCase JSON).</summary>
    private static RunView Read(string exportedRunJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exportedRunJson);
        RunView? view;
        try
        {
            view = JsonSerializer.Deserialize<RunView>(exportedRunJson, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Not an exported run (the JSON of GET /api/runs/{{id}}): {ex.Message}", nameof(exportedRunJson), ex);
        }

        if (view is null || string.IsNullOrEmpty(view.RunId) || string.IsNullOrEmpty(view.Workflow) || view.Attempts is null)
        {
            throw new ArgumentException("Not an exported run: it needs at least runId, workflow, userId and attempts.", nameof(exportedRunJson));
        }

        if (view.Attempts.Any(a => a.Prompt is null))
        {
            throw new ArgumentException("The export names no prompt per attempt; export the run again from a current Tollgate.", nameof(exportedRunJson));
        }

        return view;
    }

    private static List<string> Compare(RunView recorded, WorkflowRun replay)
    {
        var differences = new List<string>();
        // One entry per model call (its attempts share a call id), answered or not: a recorded call that failed is one, and
        // a call today's code makes that the recording cannot answer is refused by the replay, and is one too.
        List<Call> then = [.. recorded.Attempts.GroupBy(a => a.CallId, StringComparer.Ordinal).Select(g => g.First())
            .Select(a => new Call(a.Step, a.Prompt.Id, a.Prompt.Version, a.Prompt.Sha256))];
        List<Call> now = [.. replay.Attempts.GroupBy(a => a.CallId, StringComparer.Ordinal).Select(g => g.First())
            .Select(a => new Call(a.Step, a.PromptId, a.PromptVersion, a.PromptSha256))];
        for (int i = 0; i < Math.Max(then.Count, now.Count); i++)
        {
            string number = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (i >= then.Count)
            {
                differences.Add($"call {number}: today's code asks {now[i]}, and the recording has no such call.");
            }
            else if (i >= now.Count)
            {
                differences.Add($"call {number}: the recording has {then[i]}, and today's code makes no such call.");
            }
            else if (then[i] != now[i])
            {
                differences.Add($"call {number}: the recording has {then[i]}, today's code asks {now[i]}.");
            }
        }

        if (!string.Equals(recorded.Status, replay.Status.ToString(), StringComparison.Ordinal))
        {
            differences.Add($"the recorded run {recorded.Status}, the replay {replay.Status}" + (replay.Record.Error is { } error ? $": {error}" : "."));
        }
        else if (!JsonNode.DeepEquals(Parse(recorded.Output), Parse(replay.Record.Output)))
        {
            differences.Add($"the output differs.\n   recorded: {Compact(recorded.Output)}\n   today:    {replay.Record.Output ?? "null"}");
        }

        return differences;
    }

    private static JsonNode? Parse(JsonElement? json) => json is { ValueKind: not JsonValueKind.Null } element ? JsonNode.Parse(element.GetRawText()) : null;

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    private static string Compact(JsonElement? json) => json is { } element ? JsonSerializer.Serialize(element) : "null";

    private static RunRecord ToRecord(RunView run) => new(
        run.RunId, run.Workflow, run.UserId, Enum.Parse<RunStatus>(run.Status), run.CreatedAt, run.InputSha256, run.Input?.GetRawText(),
        run.CompletedAt, run.Output?.GetRawText(), run.Error, run.Usage, ToCost(run.Cost), run.Attempts.Count, run.Deployment, run.ResponseModel,
        run.ModelLatencyMs, CostCeiling: run.CostCeiling, LatencyBudgetMilliseconds: run.LatencyBudgetMs, LatencyBudgetExceeded: run.LatencyBudgetExceeded,
        FailureOutcome: run.FailureOutcome is { } outcome ? Enum.Parse<AttemptOutcome>(outcome) : null);

    private static AttemptRecord ToRecord(string runId, AttemptView a) => new(
        runId, a.CallId, a.Attempt, a.Step, a.Deployment, a.Prompt.Id, a.Prompt.Version, a.Prompt.Sha256, a.CountedInputTokens, a.MaxOutputTokens,
        Enum.Parse<AttemptOutcome>(a.Outcome), a.StartedAt, a.LatencyMs, a.Usage, ToCost(a.Cost), a.CostIsEstimate, a.Reserved, a.StepMaxOutputTokens,
        a.ResponseModel, a.SystemFingerprint, a.FinishReason, a.Output, a.Error, a.ReplayedFrom, a.Seed, a.IsRepair, a.OutputSchemaSha256);

    private static ModelCost ToCost(CostView cost) => new(cost.Input, cost.CachedInput, cost.Output);

    /// <summary>One model call as a replay compares it: the step and the prompt it sent.</summary>
    private sealed record Call(string Step, string PromptId, int PromptVersion, string PromptSha256)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"step '{Step}' with prompt {PromptId} v{PromptVersion} ({PromptSha256})");
    }
}

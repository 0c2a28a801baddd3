using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Intake;

/// <summary>
/// <c>POST /api/runs/{runId}/replay</c> with <c>{"mode": "recorded" | "live"}</c>: starts a new run of the
/// same workflow, for the same user, with the recorded input. A recorded replay answers every model call
/// from the original's record (nothing sent, nothing charged), so it shows whether today's workflow code
/// still produces the recorded result; a live replay calls the models again. The new run's record says
/// which run it replays and whether its output matches.
/// </summary>
public sealed class ReplayRunHandler(RunStore runs, RunLauncher launcher, WorkflowStarts starts, IOptions<IntakeOptions> options, TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpRequest httpRequest, string runId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        if (!RunIds.IsValid(runId))
        {
            return Problems.RunNotFound().ToResult();
        }

        (Problem? problem, byte[] body) = await JsonRequestBody.ReadAsync(httpRequest, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (ReadMode(body) is not { } mode)
        {
            return Problems.InvalidField("mode", "must be \"recorded\" or \"live\", and the only field.").ToResult();
        }

        RunRecord? original = await runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            return Problems.RunNotFound().ToResult();
        }

        if (original.Status is not (RunStatus.Completed or RunStatus.Failed))
        {
            return Problems.CannotReplay("The run has not finished; replay it once it has.").ToResult();
        }

        if (!WorkflowCatalog.All.TryGetValue(original.Workflow, out WorkflowDefinition? definition))
        {
            return Problems.CannotReplay($"The workflow '{original.Workflow}' no longer exists.").ToResult();
        }

        if (original.Input is null)
        {
            return Problems.CannotReplay("The run's input was too large to keep on its record, so it cannot be replayed.").ToResult();
        }

        string replayId = RunIds.New(time);
        using JsonDocument input = JsonDocument.Parse(original.Input);
        // A live replay asks the model again (it is compared with the original), so the response cache does not answer it.
        WorkflowInputResult created = starts.Create(definition, original.UserId, input.RootElement, bypassCache: mode == ReplayMode.Live);
        if (created.Field is not null)
        {
            return Problems.CannotReplay($"The recorded input no longer satisfies the workflow: '{created.Field}' {created.Problem}").ToResult();
        }

        var replay = new RunRecord(replayId, original.Workflow, original.UserId, RunStatus.Pending, time.GetUtcNow(),
            original.InputSha256, original.Input, ReplayOf: original.RunId, ReplayMode: mode,
            CostCeiling: definition.CostCeiling, LatencyBudgetMilliseconds: (long)definition.LatencyBudget.TotalMilliseconds);
        StartOutcome outcome = await launcher.TryLaunchAsync(definition, replay, created.Input!, client, resumable: false, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException($"The new run id {replayId} is already taken.");
        return outcome.ToResult(httpRequest);
    }

    private static ReplayMode? ReadMode(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 1
                || !root.TryGetProperty("mode", out JsonElement mode) || mode.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return mode.GetString() switch
            {
                "recorded" => ReplayMode.Recorded,
                "live" => ReplayMode.Live,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

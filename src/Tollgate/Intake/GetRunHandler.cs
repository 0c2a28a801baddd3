using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
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

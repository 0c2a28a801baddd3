using Microsoft.AspNetCore.Http;
using Tollgate.Rollouts;

namespace Tollgate.Intake;

/// <summary>
/// <c>GET /api/rollouts/{name}</c>: a configured rollout's arms compared — runs, success rate, structured-output validity
/// rate, fallback rate, p50/p95 model latency and mean cost per run, each with its sample count — from the rollout's
/// partition of the <c>RolloutRuns</c> index. A name no rollout has (now) is 404.
/// </summary>
public sealed class GetRolloutHandler(RolloutCatalog rollouts, RolloutRunStore runs)
{
    public async Task<IResult> HandleAsync(string name, CancellationToken cancellationToken)
    {
        if (rollouts.Get(name) is not { } rollout)
        {
            return Problems.UnknownRollout(name).ToResult();
        }

        IReadOnlyList<RolloutRunRecord> indexed = await runs.ListAsync(rollout.Name, cancellationToken).ConfigureAwait(false);
        return Results.Ok(RolloutReport.From(rollout, indexed));
    }
}

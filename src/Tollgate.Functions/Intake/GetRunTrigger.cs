using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;

namespace Tollgate.Functions.Intake;

/// <summary><c>GET /api/runs/{runId}</c> → <see cref="GetRunHandler"/>.</summary>
public sealed class GetRunTrigger(GetRunHandler handler)
{
    [Function(nameof(GetRunTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = IntakeRoutes.GetRun)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(runId, client, cancellationToken);
}

using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;

namespace Tollgate.Functions.Intake;

/// <summary><c>POST /api/runs/{runId}/replay</c> → <see cref="ReplayRunHandler"/>.</summary>
public sealed class ReplayRunTrigger(ReplayRunHandler handler)
{
    [Function(nameof(ReplayRunTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = IntakeRoutes.ReplayRun)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(request, runId, client, cancellationToken);
}

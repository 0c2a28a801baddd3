using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;
using Tollgate.Jobs;

namespace Tollgate.Functions.Jobs;

/// <summary><c>GET /api/jobs/{name}/runs/{occurrence}</c> → <see cref="GetJobRunHandler"/>.</summary>
public sealed class GetJobRunTrigger(GetJobRunHandler handler)
{
    [Function(nameof(GetJobRunTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = IntakeRoutes.GetJobRun)] HttpRequest request,
        string name,
        string occurrence,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(name, occurrence, client, cancellationToken);
}

using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;
using Tollgate.Jobs;

namespace Tollgate.Functions.Jobs;

/// <summary><c>POST /api/jobs/{name}/runs</c> → <see cref="StartJobRunHandler"/>.</summary>
public sealed class StartJobRunTrigger(StartJobRunHandler handler)
{
    [Function(nameof(StartJobRunTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = IntakeRoutes.StartJobRun)] HttpRequest request,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(request, name, client, cancellationToken);
}

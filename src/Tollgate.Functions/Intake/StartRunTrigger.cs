using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;

namespace Tollgate.Functions.Intake;

/// <summary><c>POST /api/workflows/{workflow}/runs</c> → <see cref="StartRunHandler"/>.</summary>
public sealed class StartRunTrigger(StartRunHandler handler)
{
    [Function(nameof(StartRunTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = IntakeRoutes.StartRun)] HttpRequest request,
        string workflow,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(request, workflow, client, cancellationToken);
}

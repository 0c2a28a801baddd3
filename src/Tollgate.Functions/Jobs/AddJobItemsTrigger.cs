using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Tollgate.Intake;
using Tollgate.Jobs;

namespace Tollgate.Functions.Jobs;

/// <summary><c>POST /api/jobs/{name}/items</c> → <see cref="AddJobItemsHandler"/>.</summary>
public sealed class AddJobItemsTrigger(AddJobItemsHandler handler)
{
    [Function(nameof(AddJobItemsTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = IntakeRoutes.AddJobItems)] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(request, name, cancellationToken);
}

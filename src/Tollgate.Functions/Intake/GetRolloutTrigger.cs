using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Tollgate.Intake;

namespace Tollgate.Functions.Intake;

/// <summary><c>GET /api/rollouts/{name}</c> → <see cref="GetRolloutHandler"/>.</summary>
public sealed class GetRolloutTrigger(GetRolloutHandler handler)
{
    [Function(nameof(GetRolloutTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = IntakeRoutes.GetRollout)] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(name, cancellationToken);
}

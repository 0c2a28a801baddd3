using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Tollgate.Intake;

namespace Tollgate.Functions.Intake;

/// <summary><c>GET /api/users/{userId}/budget</c> → <see cref="GetBudgetHandler"/>.</summary>
public sealed class GetBudgetTrigger(GetBudgetHandler handler)
{
    [Function(nameof(GetBudgetTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = IntakeRoutes.GetBudget)] HttpRequest request,
        string userId,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(userId, cancellationToken);
}

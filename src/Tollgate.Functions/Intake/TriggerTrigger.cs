using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;
using Tollgate.Triggers;

namespace Tollgate.Functions.Intake;

/// <summary>
/// <c>POST /api/triggers/{name}</c> → <see cref="TriggerHandler"/>. Anonymous at the host: SaaS senders cannot add
/// function keys; each trigger's signature, checked with its own secrets, is the authentication.
/// </summary>
public sealed class TriggerTrigger(TriggerHandler handler)
{
    [Function(nameof(TriggerTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = IntakeRoutes.Trigger)] HttpRequest request,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(request, name, client, cancellationToken);
}

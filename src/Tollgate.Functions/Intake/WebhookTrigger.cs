using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;

namespace Tollgate.Functions.Intake;

/// <summary>
/// <c>POST /api/webhooks/{workflow}</c> → <see cref="WebhookHandler"/>. Anonymous at the host: SaaS
/// senders cannot add function keys, and the Standard Webhooks signature is the authentication.
/// </summary>
public sealed class WebhookTrigger(WebhookHandler handler)
{
    [Function(nameof(WebhookTrigger))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = IntakeRoutes.Webhook)] HttpRequest request,
        string workflow,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(request, workflow, client, cancellationToken);
}

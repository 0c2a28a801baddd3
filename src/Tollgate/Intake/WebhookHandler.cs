using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using Tollgate.Workflows;

namespace Tollgate.Intake;

/// <summary>
/// <c>POST /api/webhooks/{workflow}</c>: a Standard Webhooks delivery whose payload is a run request
/// (<c>{"userId": …, "input": …}</c>). The signature and timestamp are verified before the payload is
/// read; the delivery id (<c>webhook-id</c>) is the idempotency key, so a redelivered webhook answers
/// with its first run and starts nothing new.
/// </summary>
public sealed partial class WebhookHandler(StartRunHandler start, IOptionsMonitor<WebhookOptions> webhooks, IOptions<IntakeOptions> intake,
    ILogger<WebhookHandler> logger)
{
    public const string IdHeader = "webhook-id";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<IResult> HandleAsync(HttpRequest httpRequest, string workflow, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        WebhookOptions options = webhooks.CurrentValue;
        if (!options.IsConfigured)
        {
            return Problems.WebhooksDisabled().ToResult();
        }

        if (!WorkflowCatalog.All.TryGetValue(workflow, out WorkflowDefinition? definition))
        {
            return Problems.UnknownWorkflow(workflow).ToResult();
        }

        (Problem? problem, byte[] body) = await JsonRequestBody.ReadAsync(httpRequest, intake.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        try
        {
            new StandardWebhook(options.SigningSecret!).Verify(StrictUtf8.GetString(body), httpRequest.Headers);
        }
        catch (Exception ex) when (ex is WebhookVerificationException or DecoderFallbackException or FormatException or ArgumentException)
        {
            LogRejected(workflow, ex.GetType().Name);
            return Problems.InvalidSignature().ToResult();
        }

        string deliveryId = httpRequest.Headers[IdHeader].ToString();
        StartOutcome outcome = await start.StartAsync(definition, body, "webhook:" + deliveryId, client, cancellationToken).ConfigureAwait(false);
        return outcome.ToResult(httpRequest);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for {Workflow} rejected: {Reason}")]
    private partial void LogRejected(string workflow, string reason);
}

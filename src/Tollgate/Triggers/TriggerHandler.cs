using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Hosting;
using Tollgate.Intake;
using Tollgate.Workflows;

namespace Tollgate.Triggers;

/// <summary>
/// <c>POST /api/triggers/{name}</c>: a SaaS delivery, verified by its trigger's source before its body is parsed, then
/// filtered by event and mapped to a run of the trigger's workflow. The signed delivery id is the idempotency key within
/// the trigger (<c>trigger:{name}:{deliveryId}</c>; GitHub, whose id header is unsigned: the body's SHA-256), so a
/// redelivery answers with its first run and starts nothing new.
/// Answers: 404 unknown trigger; 415/413 as the runs API; 401 bad signature; 400 a signed delivery without its id or
/// not JSON; 200 a handshake (GitHub <c>ping</c>, Slack <c>url_verification</c>); 202 <c>{"ignored": true}</c> an event
/// the trigger does not handle (2xx, so the sender does not retry it forever); 422 an event that maps to no user or
/// input (it can never succeed, and a 4xx shows the sender's delivery log that it failed); 202 with the run otherwise.
/// </summary>
public sealed partial class TriggerHandler(StartRunHandler start, IOptionsMonitor<TriggerOptions> triggers, IOptions<IntakeOptions> intake,
    IEnumerable<ITriggerSource> sources, TimeProvider time, ILogger<TriggerHandler> logger)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private readonly Dictionary<TriggerKind, ITriggerSource> _sources = sources.ToDictionary(s => s.Kind);

    private TriggerOptions? _lastValid;

    public async Task<IResult> HandleAsync(HttpRequest httpRequest, string name, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        ArgumentNullException.ThrowIfNull(name);
        if (Current().Find(name) is not (string key, TriggerSettings settings))
        {
            return Problems.UnknownTrigger(name).ToResult();
        }

        TriggerKind kind = settings.Kind!.Value;
        ITriggerSource source = _sources[kind];
        string[] secrets = [.. settings.Secrets.Where(s => !KeyVaultReferences.IsUnresolved(s))];
        if (secrets.Length == 0)
        {
            LogNotReady(key);
            return Problems.TriggerNotReady(key).ToResult();
        }

        (Problem? problem, byte[] body) = await JsonRequestBody.ReadAsync(httpRequest, intake.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        TriggerSignature signature = source.Verify(body, httpRequest.Headers, secrets, time.GetUtcNow());
        if (!signature.Valid)
        {
            LogRefused(key, kind, signature.Reason!);
            return Problems.InvalidSignature(kind.ToString()).ToResult();
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return Problems.MalformedJson("The body is not valid UTF-8.").ToResult();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Problems.MalformedJson(ex.Message).ToResult();
        }

        using (document)
        {
            try
            {
                return await HandleVerifiedAsync(httpRequest, key, settings, source, document.RootElement, client, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (!cancellationToken.IsCancellationRequested)
            {
                // JSON that parses but holds a string .NET cannot represent, e.g. an escaped lone surrogate ("\ud800").
                return Problems.MalformedJson("The body holds a string that is not valid Unicode.").ToResult();
            }
        }
    }

    private async Task<IResult> HandleVerifiedAsync(HttpRequest httpRequest, string key, TriggerSettings settings, ITriggerSource source, JsonElement payload,
        DurableTaskClient client, CancellationToken cancellationToken)
    {
        TriggerEvent delivery = source.Read(payload, httpRequest.Headers);
        if (delivery.Missing is not null)
        {
            return Problems.IncompleteDelivery(delivery.Missing).ToResult();
        }

        if (delivery.Answer is not null)
        {
            LogHandshake(key, delivery.Name!);
            return Results.Ok(delivery.Answer);
        }

        if (!settings.Events.Any(e => e == "*" || string.Equals(e, delivery.Name, StringComparison.Ordinal)))
        {
            LogIgnored(key, delivery.Name!, delivery.DeliveryId!);
            return Results.Accepted(value: new TriggerIgnored(true, $"Trigger '{key}' does not handle the event '{delivery.Name}'."));
        }

        if (delivery.Redelivery)
        {
            LogRedelivery(key, delivery.DeliveryId!);
        }

        using TriggerMappingResult mapped = TriggerMapping.Map(settings, payload);
        if (mapped.Request is null)
        {
            LogUnmappable(key, mapped.Setting!, delivery.DeliveryId!);
            return Problems.UnmappableEvent(key, mapped.Setting!, mapped.JsonPointer, mapped.Problem!).ToResult();
        }

        WorkflowDefinition workflow = WorkflowCatalog.Get(settings.Workflow!)!;
        RunRequest request = mapped.Request with { CallbackUrl = settings.CallbackUrl };
        StartOutcome outcome = await start.StartAsync(workflow, request, IdempotencyScopes.Trigger(key, delivery.Key!), client, cancellationToken).ConfigureAwait(false);
        if (outcome.Problem is { Status: StatusCodes.Status400BadRequest } callbackRefused && callbackRefused.Errors?.ContainsKey("callbackUrl") == true)
        {
            // The trigger's own CallbackUrl is refused (its host does not resolve right now, or resolves inside): the operator's
            // setting, not the event, is at fault, so 503 — the sender delivers again later instead of dropping the event.
            LogCallbackRefused(key);
            return Problems.TriggerCallbackRefused(key, callbackRefused.Errors["callbackUrl"][0]).ToResult();
        }

        if (outcome.Problem is { Status: StatusCodes.Status400BadRequest } refused)
        {
            // The workflow refused the mapped input (e.g. text over its limit): the same event can never succeed.
            string field = refused.Errors?.Keys.FirstOrDefault() ?? "input";
            string setting = field.StartsWith("input.", StringComparison.Ordinal) ? $"Input:{field["input.".Length..]}" : "Input";
            string? jsonPointer = settings.Input.TryGetValue(setting.Length > 6 ? setting[6..] : "", out List<string>? pointers) ? string.Join(", ", pointers) : null;
            return Problems.UnmappableEvent(key, setting, jsonPointer, $"maps to an input {workflow.Name} refuses: {refused.Detail}").ToResult();
        }

        return outcome.ToResult(httpRequest);
    }

    /// <summary>The triggers in force: a reload that fails validation keeps the last valid ones (and is logged).</summary>
    private TriggerOptions Current()
    {
        try
        {
            return _lastValid = triggers.CurrentValue;
        }
        catch (OptionsValidationException ex) when (_lastValid is not null)
        {
            LogInvalidReload(ex.Message);
            return _lastValid;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery to trigger {Trigger} ({Kind}) refused: {Reason}")]
    private partial void LogRefused(string trigger, TriggerKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trigger {Trigger} has no usable secret: its Key Vault reference has not resolved")]
    private partial void LogNotReady(string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger {Trigger} answered the handshake {Event}")]
    private partial void LogHandshake(string trigger, string @event);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger {Trigger} ignored event {Event} (delivery {DeliveryId}): not in its filter")]
    private partial void LogIgnored(string trigger, string @event, string deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger {Trigger}: delivery {DeliveryId} is the sender's retry")]
    private partial void LogRedelivery(string trigger, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger {Trigger}: delivery {DeliveryId} cannot be mapped ({Setting})")]
    private partial void LogUnmappable(string trigger, string setting, string deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trigger {Trigger}: its CallbackUrl is refused; deliveries answer 503 until it is fixed")]
    private partial void LogCallbackRefused(string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reloaded trigger configuration is invalid; the last valid triggers stay in force: {Failure}")]
    private partial void LogInvalidReload(string failure);
}

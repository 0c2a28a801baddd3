using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Workflows;

namespace Tollgate.Intake;

/// <summary>
/// A queue message <c>{"workflow": "summarize", "request": {"userId": …, "input": …}}</c> starts a run through
/// the same start path as HTTP (<see cref="StartRunHandler.StartAsync(WorkflowDefinition, byte[], string?, Microsoft.DurableTask.Client.DurableTaskClient, CancellationToken, bool)"/>: same validation, same size limit), with
/// the queue message id as the idempotency key, so a redelivered message starts nothing new. A request that can
/// never succeed (bad JSON, bad input, unknown workflow) is not retried: it goes to the poison queue at once. A
/// transient failure throws, so the host redelivers the message and poisons it after
/// <see cref="IntakeQueues.MaxDequeueCount"/> deliveries.
/// </summary>
public sealed partial class QueueRunHandler(StartRunHandler start, IOptions<IntakeOptions> intake, ILogger<QueueRunHandler> logger)
{
    public async Task<QueueRunOutcome> HandleAsync(string message, string messageId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        WorkflowDefinition? definition;
        byte[] request;
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 2
                || !root.TryGetProperty("workflow", out JsonElement name) || name.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("request", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
            {
                return Poison(messageId, "The message must be {\"workflow\": \"<name>\", \"request\": {\"userId\": …, \"input\": …}}.");
            }

            if (!WorkflowCatalog.All.TryGetValue(name.GetString()!, out definition))
            {
                return Poison(messageId, Problems.UnknownWorkflow(name.GetString()!).Detail!);
            }

            request = Encoding.UTF8.GetBytes(body.GetRawText());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Poison(messageId, "The message is not valid JSON.");
        }

        if (request.Length > intake.Value.MaxBodyBytes)
        {
            return Poison(messageId, Problems.TooLarge(intake.Value.MaxBodyBytes).Detail!);
        }

        StartOutcome outcome = await start.StartAsync(definition, request, IdempotencyScopes.Queue(messageId), client, cancellationToken).ConfigureAwait(false);
        if (outcome.Run is not null)
        {
            LogStarted(messageId, outcome.Run.RunId);
            return new QueueRunOutcome(outcome.Run.RunId, null);
        }

        Problem problem = outcome.Problem!;
        return problem.IsPermanent
            ? Poison(messageId, $"{problem.Title} {problem.Detail}".Trim())
            : throw new InvalidOperationException($"Queue message {messageId} could not start its run: {problem.Title}"); // redelivered
    }

    private QueueRunOutcome Poison(string messageId, string reason)
    {
        LogPoisoned(messageId, reason);
        return new QueueRunOutcome(null, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue message {MessageId} started or found run {RunId}")]
    private partial void LogStarted(string messageId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue message {MessageId} can never succeed and goes to the poison queue: {Reason}")]
    private partial void LogPoisoned(string messageId, string reason);
}

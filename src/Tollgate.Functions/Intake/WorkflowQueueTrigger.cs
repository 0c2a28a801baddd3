using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;

namespace Tollgate.Functions.Intake;

/// <summary>
/// <c>workflow-requests</c> → <see cref="QueueRunHandler"/>. A message that can never succeed is returned
/// through the output binding into the poison queue at once; a transient failure throws, so the host
/// redelivers it and poisons it after <c>maxDequeueCount</c> (host.json).
/// </summary>
public sealed class WorkflowQueueTrigger(QueueRunHandler handler)
{
    [Function(nameof(WorkflowQueueTrigger))]
    [QueueOutput(IntakeQueues.Poison, Connection = IntakeQueues.Connection)]
    public async Task<string?> RunAsync(
        [QueueTrigger(IntakeQueues.Requests, Connection = IntakeQueues.Connection)] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        QueueRunOutcome outcome = await handler.HandleAsync(message.MessageText, message.MessageId, client, cancellationToken);
        return outcome.PoisonReason is null ? null : message.MessageText;
    }
}

using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.DurableTask.Client;
using Tollgate.Intake;

namespace Tollgate.DevHost;

/// <summary>
/// The DevHost's stand-in for the Functions queue trigger: polls <see cref="IntakeQueues.Requests"/> in
/// Azurite and hands each message to the same <see cref="QueueRunHandler"/>, with the Functions host's
/// semantics — base64 messages, a message that can never succeed goes to the poison queue at once, a failed
/// one reappears after its visibility timeout and is poisoned after <see cref="IntakeQueues.MaxDequeueCount"/>
/// deliveries.
/// </summary>
public sealed partial class QueuePoller(QueueRunHandler handler, DurableTaskClient client, IConfiguration configuration, ILogger<QueuePoller> logger)
    : BackgroundService
{
    /// <summary>DevHost-only: prefixes the queue names, so several DevHosts (tests) can share one Azurite.</summary>
    public const string QueuePrefixSetting = "DevHost:QueuePrefix";

    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(200);

    public string RequestsQueue { get; } = configuration[QueuePrefixSetting] + IntakeQueues.Requests;

    public string PoisonQueue { get; } = configuration[QueuePrefixSetting] + IntakeQueues.Poison;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var service = new QueueServiceClient(configuration[IntakeQueues.Connection],
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        QueueClient requests = service.GetQueueClient(RequestsQueue);
        QueueClient poison = service.GetQueueClient(PoisonQueue);
        await requests.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages = (await requests.ReceiveMessagesAsync(16, VisibilityTimeout, stoppingToken)).Value;
            if (messages.Length == 0)
            {
                await Task.Delay(IdleDelay, stoppingToken);
                continue;
            }

            foreach (QueueMessage message in messages)
            {
                await ProcessAsync(message, requests, poison, stoppingToken);
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message, QueueClient requests, QueueClient poison, CancellationToken stoppingToken)
    {
        try
        {
            QueueRunOutcome outcome = await handler.HandleAsync(message.MessageText, message.MessageId, client, stoppingToken);
            if (outcome.PoisonReason is not null)
            {
                await poison.SendMessageAsync(message.MessageText, stoppingToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, message.MessageId, message.DequeueCount);
            if (message.DequeueCount < IntakeQueues.MaxDequeueCount)
            {
                return; // it becomes visible again after the visibility timeout
            }

            await poison.SendMessageAsync(message.MessageText, stoppingToken);
        }

        await requests.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue message {MessageId} failed on delivery {DequeueCount}")]
    private partial void LogFailed(Exception exception, string messageId, long dequeueCount);
}

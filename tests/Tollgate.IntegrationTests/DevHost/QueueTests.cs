using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Intake;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Runs;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Queue intake through the DevHost's poller on Azurite: a message starts a run, a redelivered message
/// starts nothing new, and a message that can never succeed lands in the poison queue untouched.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class QueueTests(DevHostFixture fixture)
{
    [Fact]
    public async Task AQueuedRequestStartsARunThatCompletes()
    {
        QueueClient queue = Azurite.Queue(fixture.QueuePrefix + IntakeQueues.Requests);
        await queue.CreateIfNotExistsAsync();

        SendReceipt sent = await queue.SendMessageAsync(
            """{"workflow":"summarize","request":{"userId":"queue-user","input":{"text":"A nightly job queued this."}}}""");

        string runId = RunIds.FromIdempotencyKey("summarize", "queue-user", "queue:" + sent.MessageId);
        JsonElement run = await WaitForRunToExistAndFinishAsync(runId);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal("queue-user", run.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task ARedeliveredMessageStartsNothingNew()
    {
        QueueRunHandler handler = fixture.Host.App.Services.GetRequiredService<QueueRunHandler>();
        string user = OwnTraffic.Marker("queue");
        string text = $"Delivered twice, run once. {user}";
        string message = JsonSerializer.Serialize(new { workflow = "summarize", request = new { userId = user, input = new { text } } });

        QueueRunOutcome first = await handler.HandleAsync(message, "message-1", fixture.Durable, CancellationToken.None);
        await fixture.WaitForRunAsync(first.RunId!);

        QueueRunOutcome again = await handler.HandleAsync(message, "message-1", fixture.Durable, CancellationToken.None);

        Assert.Equal(first.RunId, again.RunId);
        Assert.Null(again.PoisonReason);
        Assert.Equal(1, fixture.Simulator.RequestsFor(text));
        Assert.Equal(1, await fixture.CountInstancesMentioningAsync(user));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"workflow":"summarize"}""")]
    [InlineData("""{"workflow":"nope","request":{"userId":"u","input":{"text":"hi"}}}""")]
    [InlineData("""{"workflow":"summarize","request":{"userId":"u","input":{"text":""}}}""")]
    [InlineData("""{"workflow":"summarize","request":{"userId":"u","input":{"text":"hi"}},"extra":true}""")]
    public async Task AMessageThatCanNeverSucceedGoesToThePoisonQueueAtOnceAndChangesNothing(string template)
    {
        QueueClient queue = Azurite.Queue(fixture.QueuePrefix + IntakeQueues.Requests);
        QueueClient poison = Azurite.Queue(fixture.QueuePrefix + IntakeQueues.Poison);
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        // This test's own user and text, so that only what this message could have caused is counted.
        string user = OwnTraffic.Marker("queue");
        string text = $"hi {user}";
        string message = template.Replace("\"u\"", $"\"{user}\"", StringComparison.Ordinal).Replace("\"hi\"", $"\"{text}\"", StringComparison.Ordinal);

        await queue.SendMessageAsync(message);

        QueueMessage poisoned = await WaitForPoisonAsync(poison, message);
        Assert.Equal(1, poisoned.DequeueCount);
        Assert.Equal(0, await fixture.CountRowsOfUserAsync(user));
        Assert.Equal(0, await fixture.CountInstancesMentioningAsync(user));
        Assert.Equal(0, fixture.Simulator.RequestsFor(text));
        await poison.DeleteMessageAsync(poisoned.MessageId, poisoned.PopReceipt);
    }

    private static async Task<QueueMessage> WaitForPoisonAsync(QueueClient poison, string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            foreach (QueueMessage message in (await poison.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1), cts.Token)).Value)
            {
                if (message.MessageText == text)
                {
                    return message;
                }
            }

            await Task.Delay(100, cts.Token);
        }
    }

    private async Task<JsonElement> WaitForRunToExistAndFinishAsync(string runId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using HttpResponseMessage response = await fixture.Http.GetAsync($"api/runs/{runId}", cts.Token);
            if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                return await fixture.WaitForRunAsync(runId);
            }

            await Task.Delay(100, cts.Token);
        }
    }
}

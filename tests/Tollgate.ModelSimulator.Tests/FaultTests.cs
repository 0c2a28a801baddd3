using System.ClientModel;
using System.Diagnostics;
using OpenAI.Chat;

namespace Tollgate.ModelSimulator.Tests;

public sealed class FaultTests
{
    private static readonly ChatMessage[] Messages = [new UserChatMessage("Summarise the meeting notes.")];

    [Fact]
    public async Task RateLimitedSurfacesAs429WithRetryAfter()
    {
        var options = new SimulatorOptions();
        options.Deployments["busy"] = new DeploymentBehavior { Fault = SimulatedFault.RateLimited, RetryAfterSeconds = 7 };
        await using var server = await ModelSimulatorServer.StartAsync(options);

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => SimulatorClients.Azure(server, "busy").CompleteChatAsync(Messages));

        Assert.Equal(429, ex.Status);
        var raw = ex.GetRawResponse();
        Assert.NotNull(raw);
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("7", retryAfter);
        Assert.Contains("rate_limit_exceeded", raw.Content.ToString(), StringComparison.Ordinal);
        var recorded = Assert.Single(server.Requests);
        Assert.Equal(429, recorded.StatusCode);
        Assert.Equal("busy", recorded.Deployment);
        Assert.True(recorded.PromptTokens > 0);
    }

    [Fact]
    public async Task FaultCountOneFailsOnceThenSucceeds()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        server.Configure("flaky", new DeploymentBehavior { Fault = SimulatedFault.RateLimited, FaultCount = 1 });
        var client = SimulatorClients.OpenAI(server, "flaky");

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Messages));
        ChatCompletion completion = await client.CompleteChatAsync(Messages);

        Assert.Equal(429, ex.Status);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal([429, 200], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task ServerErrorSurfacesAs500()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        server.Configure("broken", new DeploymentBehavior { Fault = SimulatedFault.ServerError, FaultCount = 2 });
        var client = SimulatorClients.Azure(server, "broken");

        var first = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Messages));
        var second = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Messages));
        ChatCompletion third = await client.CompleteChatAsync(Messages);

        Assert.Equal(500, first.Status);
        Assert.Equal(500, second.Status);
        Assert.Contains("server_error", first.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, third.FinishReason);
        Assert.Equal([500, 500, 200], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task ResetRestartsFaultCountersAndClearsRequests()
    {
        var options = new SimulatorOptions();
        options.Deployments["flaky"] = new DeploymentBehavior { Fault = SimulatedFault.ServerError, FaultCount = 1 };
        await using var server = await ModelSimulatorServer.StartAsync(options);
        var client = SimulatorClients.Azure(server, "flaky");
        await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Messages));
        await client.CompleteChatAsync(Messages);

        server.Reset();

        Assert.Empty(server.Requests);
        var again = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Messages));
        Assert.Equal(500, again.Status);
        Assert.Equal(500, Assert.Single(server.Requests).StatusCode);
    }

    [Fact]
    public async Task TimeoutHangsUntilTheClientGivesUp()
    {
        var options = new SimulatorOptions();
        options.Deployments["stuck"] = new DeploymentBehavior { Fault = SimulatedFault.Timeout };
        await using var server = await ModelSimulatorServer.StartAsync(options);
        var client = SimulatorClients.Azure(server, "stuck", networkTimeout: TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.CompleteChatAsync(Messages));

        // The SDK reports its network timeout as a cancellation, not a ClientResultException.
        Assert.IsType<TaskCanceledException>(ex);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        var recorded = Assert.Single(server.Requests);
        Assert.Equal(SimulatedRequest.NoResponseStatusCode, recorded.StatusCode);
        Assert.Equal("timeout", recorded.Error);
    }

    [Fact]
    public async Task DisposingTheServerReleasesAHangingRequest()
    {
        var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        server.Configure("stuck", new DeploymentBehavior { Fault = SimulatedFault.Timeout });
        var client = SimulatorClients.Azure(server, "stuck", networkTimeout: TimeSpan.FromSeconds(60));
        var call = client.CompleteChatAsync(Messages);
        await WaitUntil(() => server.Requests.Count == 1);
        var stopwatch = Stopwatch.StartNew();

        await server.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => call);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"released after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task LatencyDelaysTheAnswer()
    {
        var options = new SimulatorOptions();
        options.Deployments["slow"] = new DeploymentBehavior { LatencyMilliseconds = 150 };
        await using var server = await ModelSimulatorServer.StartAsync(options);
        var client = SimulatorClients.Azure(server, "slow");
        var stopwatch = Stopwatch.StartNew();

        ChatCompletion completion = await client.CompleteChatAsync(Messages);

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(140), $"answered after {stopwatch.Elapsed}");
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
    }

    [Fact]
    public async Task ClientGivingUpDuringLatencyIsRecorded()
    {
        var options = new SimulatorOptions();
        options.Deployments["slow"] = new DeploymentBehavior { LatencyMilliseconds = 30_000 };
        await using var server = await ModelSimulatorServer.StartAsync(options);
        var client = SimulatorClients.OpenAI(server, "slow", networkTimeout: TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CompleteChatAsync(Messages));

        await WaitUntil(() => server.Requests.Count == 1);
        Assert.Equal(SimulatedRequest.NoResponseStatusCode, Assert.Single(server.Requests).StatusCode);
    }

    [Fact]
    public void NegativeSettingsAreRejected()
    {
        var state = new SimulatorState(Microsoft.Extensions.Options.Options.Create(new SimulatorOptions()));

        Assert.Throws<ArgumentOutOfRangeException>(() => state.Configure("x", new DeploymentBehavior { LatencyMilliseconds = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Configure("x", new DeploymentBehavior { FaultCount = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Configure("x", new DeploymentBehavior { RetryAfterSeconds = -1 }));
    }

    /// <summary>Polls briefly for a condition the server reaches on its own thread (no fixed sleeps).</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(5), "condition not reached within 5 s");
            await Task.Delay(10);
        }
    }
}

using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Models;
using Tollgate.Workflows;
using Tollgate.Workflows.Summarize;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Provider failures, injected by the simulator, on a deployment without a fallback: each attempt is
/// recorded with its outcome, transient ones are retried after the provider's Retry-After, and a run
/// that gets no answer fails visibly.
/// </summary>
public sealed class ModelFailureTests : IAsyncLifetime
{
    private const string Deployment = "gpt-4o"; // what the DevHost's simulated "primary" entry calls
    private readonly DevHostFixture _fixture = new();

    public async Task InitializeAsync()
    {
        _fixture.Settings["Tollgate:Models:Deployments:primary:Fallback"] = "";
        _fixture.Settings["Tollgate:Models:Deployments:primary:RequestTimeout"] = "00:00:02";
        // The breakers on a clock that does not move: however slow the machine, two runs' failures stay inside one
        // sampling window and an opened circuit stays open (the breaker's timing itself: DeploymentCircuitsTests).
        _fixture.Configure = builder => builder.Host.UseServiceProviderFactory(new FrozenCircuitsFactory());
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task ARateLimitedAttemptIsRecordedAndRetriedAfterRetryAfter()
    {
        _fixture.Simulator.Configure(Deployment, new DeploymentBehavior { Fault = SimulatedFault.RateLimited, FaultCount = 1, RetryAfterSeconds = 1 });

        JsonElement run = await RunAsync();

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["RateLimited", "Succeeded"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal(0m, attempts[0].GetProperty("cost").GetProperty("total").GetDecimal());
        Assert.Equal(attempts[1].GetProperty("cost").GetProperty("total").GetDecimal(), run.GetProperty("cost").GetProperty("total").GetDecimal());
        Assert.True(attempts[1].GetProperty("startedAt").GetDateTimeOffset() - attempts[0].GetProperty("startedAt").GetDateTimeOffset() >= TimeSpan.FromSeconds(1),
            "The retry must wait for the provider's Retry-After.");
        Assert.All(_fixture.Simulator.Requests, r => Assert.Equal(SummarizeWorkflow.Summary.MaxOutputTokens, r.MaxOutputTokens));
    }

    [Fact]
    public async Task ARunWhoseAttemptsAllFailEndsFailedWithEveryAttemptRecorded()
    {
        _fixture.Simulator.Configure(Deployment, new DeploymentBehavior { Fault = SimulatedFault.ServerError });

        JsonElement run = await RunAsync();

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.Contains("ServerError", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(ModelCalls.AttemptsPerDeployment, attempts.Length);
        Assert.All(attempts, a => Assert.Equal("ServerError", a.GetProperty("outcome").GetString()));
        Assert.Equal(ModelCalls.AttemptsPerDeployment, _fixture.Simulator.Requests.Count);
        Assert.Equal(0m, run.GetProperty("cost").GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task AfterRepeatedFailuresTheDeploymentsCircuitOpensAndNothingMoreIsSent()
    {
        _fixture.Simulator.Configure(Deployment, new DeploymentBehavior { Fault = SimulatedFault.ServerError });

        JsonElement first = await RunAsync();
        JsonElement second = await RunAsync();

        // DeploymentCircuits.MinimumThroughput failures open the circuit; later attempts are refused unsent.
        string[] outcomes = [.. new[] { first, second }.SelectMany(r => r.GetProperty("attempts").EnumerateArray())
            .Select(a => a.GetProperty("outcome").GetString()!)];
        Assert.Equal(DeploymentCircuits.MinimumThroughput, outcomes.Count(o => o == "ServerError"));
        Assert.Equal(2 * ModelCalls.AttemptsPerDeployment - DeploymentCircuits.MinimumThroughput, outcomes.Count(o => o == "CircuitOpen"));
        Assert.Equal(DeploymentCircuits.MinimumThroughput, _fixture.Simulator.Requests.Count);
        Assert.Equal("Failed", second.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ATimedOutAttemptIsChargedAtItsWorstCaseNeverAtZero()
    {
        _fixture.Simulator.Configure(Deployment, new DeploymentBehavior { Fault = SimulatedFault.Timeout, FaultCount = 1 });

        JsonElement run = await RunAsync();

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        JsonElement timedOut = run.GetProperty("attempts")[0];
        Assert.Equal("TimedOut", timedOut.GetProperty("outcome").GetString());
        Assert.True(timedOut.GetProperty("costIsEstimate").GetBoolean());
        int counted = timedOut.GetProperty("countedInputTokens").GetInt32();
        decimal worstCase = counted * 2.50m / 1_000_000m + SummarizeWorkflow.Summary.MaxOutputTokens * 10.00m / 1_000_000m;
        Assert.Equal(worstCase, timedOut.GetProperty("cost").GetProperty("total").GetDecimal());
        decimal answered = run.GetProperty("attempts")[1].GetProperty("cost").GetProperty("total").GetDecimal();
        Assert.Equal(worstCase + answered, run.GetProperty("cost").GetProperty("total").GetDecimal());
    }

    private async Task<JsonElement> RunAsync()
    {
        using HttpResponseMessage accepted = await _fixture.StartRunAsync("summarize", new { userId = "user-f", input = new { text = "Failures must be explicit, counted and recorded." } });
        accepted.EnsureSuccessStatusCode();
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await _fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Builds the DevHost's container with <see cref="DeploymentCircuits"/> on a <see cref="FakeTimeProvider"/>. The
    /// fixture's hook runs before the DevHost registers its services, so the replacement is added when the container
    /// is built, after them, and wins.
    /// </summary>
    private sealed class FrozenCircuitsFactory : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services) => services;

        public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) =>
            containerBuilder.AddSingleton(new DeploymentCircuits(new FakeTimeProvider(DateTimeOffset.UtcNow))).BuildServiceProvider();
    }
}

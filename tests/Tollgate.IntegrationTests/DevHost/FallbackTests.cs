using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Workflows;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Fallbacks that re-check everything: the DevHost's "primary" (gpt-4o) falls back to "fallback"
/// (gpt-4o-mini, cheaper). Each target is priced, budgeted and window-checked on its own terms.
/// </summary>
public sealed class FallbackTests : IAsyncLifetime
{
    private readonly DevHostFixture _fixture = new();

    public async Task InitializeAsync()
    {
        _fixture.Settings["Tollgate:Models:Deployments:primary:ContextWindow"] = "400";
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task ARateLimitedPrimaryFallsBackAtOnceAndIsPricedAtTheFallbacksRates()
    {
        _fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { Fault = SimulatedFault.RateLimited, RetryAfterSeconds = 30 });

        JsonElement run = await RunAsync("Short text, so it fits the primary's small window.");

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal("fallback", run.GetProperty("deployment").GetString());
        Assert.Equal("gpt-4o-mini-2024-07-18", run.GetProperty("responseModel").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["primary:RateLimited", "fallback:Succeeded"],
            attempts.Select(a => $"{a.GetProperty("deployment").GetString()}:{a.GetProperty("outcome").GetString()}"));
        Assert.True(attempts[1].GetProperty("startedAt").GetDateTimeOffset() - attempts[0].GetProperty("startedAt").GetDateTimeOffset() < TimeSpan.FromSeconds(30),
            "Falling back must not wait for the primary's Retry-After.");
        SimulatedRequest answered = _fixture.Simulator.Requests[^1];
        Assert.Equal("gpt-4o-mini", answered.Deployment);
        decimal expected = answered.PromptTokens * 0.15m / 1_000_000m + answered.CompletionTokens * 0.60m / 1_000_000m;
        Assert.Equal(expected, run.GetProperty("cost").GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task APromptTooLongForThePrimaryIsRefittedToTheFallbacksWindowWithoutTouchingThePrimary()
    {
        // classify has no trimmable variable (summarize would be trimmed to the primary's window: ContextWindowTests).
        JsonElement run = await RunAsync(string.Join(' ', Enumerable.Repeat("tokens", 400)), "classify");

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["primary:ContextTooLong", "fallback:Succeeded"],
            attempts.Select(a => $"{a.GetProperty("deployment").GetString()}:{a.GetProperty("outcome").GetString()}"));
        Assert.Equal("gpt-4o-mini", Assert.Single(_fixture.Simulator.Requests).Deployment);
    }

    [Fact]
    public async Task WhenEveryDeploymentFailsTheRunFailsAfterTheWholeChain()
    {
        _fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { Fault = SimulatedFault.ServerError });
        _fixture.Simulator.Configure("gpt-4o-mini", new DeploymentBehavior { Fault = SimulatedFault.ServerError });

        JsonElement run = await RunAsync("Nobody answers.");

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(ModelCalls.MaxAttempts, attempts.Length);
        Assert.Equal(ModelCalls.AttemptsPerDeployment, attempts.Count(a => a.GetProperty("deployment").GetString() == "primary"));
        Assert.Equal(ModelCalls.MaxAttempts, _fixture.Simulator.Requests.Count);
    }

    private async Task<JsonElement> RunAsync(string text, string workflow = "summarize")
    {
        using HttpResponseMessage accepted = await _fixture.StartRunAsync(workflow, new { userId = "user-fb", input = new { text } });
        accepted.EnsureSuccessStatusCode();
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await _fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
    }
}

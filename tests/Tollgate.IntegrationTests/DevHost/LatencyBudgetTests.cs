using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Models;
using Tollgate.Runs;
using Tollgate.Workflows.Classify;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Latency-aware degradation: a deployment whose recent p95 latency is over a step's latency budget is skipped for its
/// fallback, unsent and uncharged, with the reason on the attempt. Steps without a budget still use it.
/// </summary>
public sealed class LatencyBudgetTests : IAsyncLifetime
{
    private readonly DevHostFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private DeploymentLatencies Latencies => _fixture.Host.App.Services.GetRequiredService<DeploymentLatencies>();

    [Fact]
    public async Task ASlowPrimaryMovesAStepWithALatencyBudgetToItsFallback()
    {
        // The primary answered its recent calls in 6 s: over classify's 5 s budget.
        for (int i = 0; i < DeploymentLatencies.MinimumSamples; i++)
        {
            Latencies.Record("primary", TimeSpan.FromSeconds(6));
        }

        JsonElement run = await RunAsync("classify", new { text = "The invoice for March was charged twice." });

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["primary:TooSlow", "fallback:Succeeded"],
            attempts.Select(a => $"{a.GetProperty("deployment").GetString()}:{a.GetProperty("outcome").GetString()}"));
        Assert.Equal(ClassifyWorkflow.Classification.LatencyBudget, TimeSpan.FromSeconds(5));
        Assert.Equal("Recent p95 latency of primary is 6000 ms, over the step's latency budget of 5000 ms; nothing was sent.",
            attempts[0].GetProperty("error").GetString());
        Assert.Equal(0m, attempts[0].GetProperty("cost").GetProperty("total").GetDecimal());
        Assert.Equal(0m, attempts[0].GetProperty("reserved").GetDecimal());
        Assert.Equal(["gpt-4o-mini"], _fixture.Simulator.Requests.Select(r => r.Deployment));

        // summarize declares no latency budget: the same slow primary still answers it.
        JsonElement summary = await RunAsync("summarize", new { text = "Latency only steers steps that ask for it." });
        Assert.Equal("primary:Succeeded", $"{summary.GetProperty("deployment").GetString()}:"
            + Assert.Single(summary.GetProperty("attempts").EnumerateArray()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task TheGatewayMeasuresEachDeploymentsLatencyAndSteersOnItsP95()
    {
        _fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { LatencyMilliseconds = 200 });
        ModelGateway gateway = _fixture.Host.App.Services.GetRequiredService<ModelGateway>();
        string runId = RunIds.New(TimeProvider.System);
        int attempt = 0;
        Task<ModelAttemptResult> AttemptAsync(TimeSpan? budget) => gateway.AttemptAsync(new ModelAttemptRequest(runId, "user-latency",
            "call", ++attempt, "summarize", "summarize", 1, new Dictionary<string, string> { ["text"] = "Slow answers." }, 64, 16,
            Deployment: "primary", LatencyBudget: budget), CancellationToken.None);

        // Below the minimum sample count nothing steers, however tight the budget.
        for (int i = 0; i < DeploymentLatencies.MinimumSamples; i++)
        {
            Assert.Equal(AttemptOutcome.Succeeded, (await AttemptAsync(TimeSpan.FromMilliseconds(100))).Outcome);
        }

        Assert.True(Latencies.P95("primary") >= TimeSpan.FromMilliseconds(200));
        ModelAttemptResult tooSlow = await AttemptAsync(TimeSpan.FromMilliseconds(100));
        ModelAttemptResult patient = await AttemptAsync(TimeSpan.FromSeconds(60));
        ModelAttemptResult unbounded = await AttemptAsync(null);

        Assert.Equal((AttemptOutcome.TooSlow, "fallback", 0m), (tooSlow.Outcome, tooSlow.Fallback, tooSlow.Cost.Total));
        Assert.Contains("over the step's latency budget of 100 ms", tooSlow.Error, StringComparison.Ordinal);
        Assert.Equal(AttemptOutcome.Succeeded, patient.Outcome);
        Assert.Equal(AttemptOutcome.Succeeded, unbounded.Outcome);
        Assert.Equal(DeploymentLatencies.MinimumSamples + 2, _fixture.Simulator.Requests.Count);
        Assert.Equal(AttemptOutcome.TooSlow, (await _fixture.Host.App.Services.GetRequiredService<RunStore>()
            .GetAttemptAsync(runId, "call", DeploymentLatencies.MinimumSamples + 1, CancellationToken.None))!.Outcome);
    }

    private async Task<JsonElement> RunAsync(string workflow, object input)
    {
        using HttpResponseMessage accepted = await _fixture.StartRunAsync(workflow, new { userId = "user-slow", input });
        accepted.EnsureSuccessStatusCode();
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await _fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
    }
}

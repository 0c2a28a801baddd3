using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Budgets;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Workflows.Classify;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// classify's per-run cost ceiling (0.05) on a DevHost whose primary charges 1000 per million output tokens — so even
/// classify's smallest cap (120) on it costs 0.12 — and whose fallback charges 50 per million input tokens, so a short
/// message fits it but a long one does not. A call whose worst case passes what is left of the ceiling is never sent.
/// (Start-up still passes: the smallest classify call fits the fallback.)
/// </summary>
public sealed class CostCeilingTests(CostCeilingTests.ExpensiveDeployments host) : IClassFixture<CostCeilingTests.ExpensiveDeployments>
{
    private readonly DevHostFixture _fixture = host.Host;
    private readonly string _user = OwnTraffic.Marker("ceiling");

    public sealed class ExpensiveDeployments() : ConfiguredDevHost(new Dictionary<string, string?>
    {
        ["Tollgate:Models:Deployments:primary:OutputPricePerMillion"] = "1000",
        ["Tollgate:Models:Deployments:fallback:InputPricePerMillion"] = "50",
    });

    [Fact]
    public async Task APrimaryTooExpensiveForTheCeilingIsNotCalledAndTheCheaperFallbackAnswers()
    {
        string text = $"Please cancel my subscription. {Guid.NewGuid():N}";

        JsonElement run = await _fixture.RunAsync("classify", _user, new { text });

        Assert.Equal("Completed", run.Text("status"));
        Assert.Equal(["primary:CostCeiling", "fallback:Succeeded"], run.Path());
        JsonElement refused = run.Attempts()[0];
        Assert.Contains("cost ceiling", refused.Text("error"), StringComparison.Ordinal);
        Assert.Equal(0m, refused.Cost());
        Assert.Equal(0m, refused.GetProperty("reserved").GetDecimal());

        SimulatedRequest request = Assert.Single(_fixture.Simulator.RequestsWithSeed(WorkflowRuns.ClassifySeed(text)));
        Assert.Equal("gpt-4o-mini", request.Deployment);
        Assert.Equal(ClassifyWorkflow.Classification.MaxOutputTokens, request.MaxOutputTokens);
        Assert.Equal("fallback", run.Text("deployment"));
        Assert.Equal(run.Attempts()[1].Cost(), run.Cost());
        Assert.True(run.Cost() <= 0.05m);
    }

    [Fact]
    public async Task WhenNoDeploymentFitsTheCeilingTheRunFailsAsCostCeilingWithoutSendingAnything()
    {
        // About 4,000 input tokens: 0.20 on the fallback, four times classify's ceiling.
        string text = string.Join(' ', Enumerable.Range(0, 2_000).Select(i => $"w{i}")) + $" {Guid.NewGuid():N}";
        Assert.True(text.Length <= ClassifyInput.MaxTextLength);
        int before = _fixture.Simulator.Requests.Count;

        JsonElement run = await _fixture.RunAsync("classify", _user, new { text });

        Assert.Equal("Failed", run.Text("status"));
        Assert.Equal("CostCeiling", run.Text("failureOutcome"));
        Assert.Equal(["primary:CostCeiling", "fallback:CostCeiling"], run.Path());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("output").ValueKind);
        Assert.Empty(_fixture.Simulator.RequestsWithSeed(WorkflowRuns.ClassifySeed(text)));
        Assert.Equal(before, _fixture.Simulator.Requests.Count);
        Assert.Equal(0m, run.Cost());
        BudgetState budget = await _fixture.Host.App.Services.GetRequiredService<BudgetLedger>().GetAsync(_user, CancellationToken.None);
        Assert.Equal(0m, budget.Spent);
        Assert.Equal(0m, budget.Reserved);
    }
}

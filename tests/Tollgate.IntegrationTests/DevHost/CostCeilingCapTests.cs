using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Models;
using Tollgate.Workflows.Classify;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// A ceiling that covers less than a step's full cap but more than its floor: the cap shrinks to fit instead of the
/// call moving on. The DevHost's primary here charges 300 per million output tokens, so classify's full cap (200)
/// costs 0.06 and its floor (120) 0.036 against a ceiling of 0.05.
/// </summary>
public sealed class CostCeilingCapTests : IAsyncLifetime
{
    private const decimal OutputPrice = 300m;
    private readonly DevHostFixture _fixture = new();

    public async Task InitializeAsync()
    {
        _fixture.Settings["Tollgate:Models:Deployments:primary:OutputPricePerMillion"] = "300";
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task TheCapIsTheLargestTheCeilingCoversAndNotBelowTheStepsFloor()
    {
        string text = $"The invoice PDF is blank when I download it. {Guid.NewGuid():N}";

        JsonElement run = await _fixture.RunAsync("classify", "cap-user", new { text });

        Assert.Equal("Completed", run.Text("status"));
        JsonElement attempt = Assert.Single(run.Attempts());
        Assert.Equal("primary", attempt.Text("deployment"));
        int cap = attempt.GetProperty("maxOutputTokens").GetInt32();
        Assert.InRange(cap, ClassifyWorkflow.Classification.MinOutputTokens, ClassifyWorkflow.Classification.MaxOutputTokens - 1);
        Assert.Equal(ClassifyWorkflow.Classification.MaxOutputTokens, attempt.GetProperty("stepMaxOutputTokens").GetInt32());
        SimulatedRequest request = Assert.Single(_fixture.Simulator.RequestsWithSeed(WorkflowRuns.ClassifySeed(text)));
        Assert.Equal(cap, request.MaxOutputTokens);

        // Exactly the largest cap whose worst case fits the ceiling, and what was reserved is that worst case.
        var primary = new ModelDeploymentOptions { InputPricePerMillion = 2.50m, CachedInputPricePerMillion = 1.25m, OutputPricePerMillion = OutputPrice };
        int counted = attempt.GetProperty("countedInputTokens").GetInt32();
        Assert.Equal(ModelGateway.AffordableOutputTokens(primary, counted, 0.05m), cap);
        Assert.True(ModelGateway.WorstCase(primary, counted, cap).Total <= 0.05m);
        Assert.True(ModelGateway.WorstCase(primary, counted, cap + 1).Total > 0.05m);
        Assert.Equal(ModelGateway.WorstCase(primary, counted, cap).Total, attempt.GetProperty("reserved").GetDecimal());
    }
}

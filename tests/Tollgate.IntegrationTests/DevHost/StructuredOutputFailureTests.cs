using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Budgets;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Outputs;
using Tollgate.Workflows.Classify;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Answers that are not the declared shape, and refusals, served by the simulator to a classify run: one repair on the
/// same deployment, then the fallback, then a failed run that says why — every attempt charged, nothing left reserved.
/// The tests share one DevHost (run one after another) and each sets both deployments' behaviour first.
/// </summary>
public sealed class StructuredOutputFailureTests(DevHostFixture fixture) : IClassFixture<DevHostFixture>
{
    private const string Primary = "gpt-4o";
    private const string Fallback = "gpt-4o-mini";

    private readonly string _user = OwnTraffic.Marker("structured");
    private readonly string _text = $"Our dashboard shows last week's numbers twice. {Guid.NewGuid():N}";

    private BudgetLedger Ledger => fixture.Host.App.Services.GetRequiredService<BudgetLedger>();

    private void Serve(DeploymentBehavior primary, DeploymentBehavior? fallback = null)
    {
        fixture.Simulator.Configure(Primary, primary);
        fixture.Simulator.Configure(Fallback, fallback ?? new DeploymentBehavior());
    }

    private Task<JsonElement> ClassifyAsync() => fixture.RunAsync("classify", _user, new { text = _text });

    private SimulatedRequest[] OwnRequests => fixture.Simulator.RequestsWithSeed(WorkflowRuns.ClassifySeed(_text));

    [Fact]
    public async Task AnInvalidAnswerIsRepairedOnTheSameDeploymentAndBothAttemptsAreCharged()
    {
        Serve(new DeploymentBehavior { Fault = SimulatedFault.InvalidJson, FaultCount = 1 });

        JsonElement run = await ClassifyAsync();

        Assert.Equal("Completed", run.Text("status"));
        Assert.Equal(["primary:InvalidOutput", "primary:Succeeded+repair"], run.Path());
        JsonElement[] attempts = run.Attempts();
        Assert.Equal(attempts[0].Text("callId"), attempts[1].Text("callId"));
        Assert.Contains("not valid JSON", attempts[0].Text("error"), StringComparison.Ordinal);
        Assert.NotEmpty(OutputValidation.Validate(ClassifyWorkflow.Classification.Schema, attempts[0].Text("output")));
        Assert.Equal(JsonValueKind.Null, attempts[1].GetProperty("error").ValueKind);

        OutputSchema sent = ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", [.. ClassifySettings.DefaultCategories]);
        Assert.All(attempts, a => Assert.Equal(sent.Sha256, a.Text("outputSchemaSha256")));
        Assert.Empty(OutputValidation.Validate(sent, run.GetProperty("output").GetRawText()));
        Assert.True(WorkflowRuns.SameJson(attempts[1].Text("output"), run.GetProperty("output").GetRawText()));

        // Two requests to the primary, the second carrying the invalid answer and the repair instruction; the
        // gateway counted those two extra messages exactly as the provider did.
        SimulatedRequest[] requests = OwnRequests;
        Assert.Equal([Primary, Primary], requests.Select(r => r.Deployment));
        Assert.Equal(["invalid_json", null], requests.Select(r => r.Error));
        Assert.Equal([2, 4], requests.Select(r => r.MessageCount));
        Assert.Equal(requests[1].PromptTokens - requests[0].PromptTokens,
            attempts[1].GetProperty("countedInputTokens").GetInt32() - attempts[0].GetProperty("countedInputTokens").GetInt32());

        // The invalid answer was paid for: both attempts are charged, and the run and the budget say so.
        Assert.All(attempts, a => Assert.True(a.Cost() > 0m));
        decimal expectedFirst = requests[0].PromptTokens * 2.50m / 1_000_000m + requests[0].CompletionTokens * 10.00m / 1_000_000m;
        Assert.Equal(expectedFirst, attempts[0].Cost());
        Assert.Equal(attempts.Sum(a => a.Cost()), run.Cost());
        BudgetState budget = await Ledger.GetAsync(_user, CancellationToken.None);
        Assert.Equal(run.Cost(), budget.Spent);
        Assert.Equal(0m, budget.Reserved);
    }

    [Fact]
    public async Task WhenTheRepairAndTheFallbackAreInvalidTooTheRunFailsAsInvalidOutput()
    {
        Serve(new DeploymentBehavior { Fault = SimulatedFault.InvalidJson }, new DeploymentBehavior { Fault = SimulatedFault.InvalidJson });

        JsonElement run = await ClassifyAsync();

        Assert.Equal("Failed", run.Text("status"));
        Assert.Equal("InvalidOutput", run.Text("failureOutcome"));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("output").ValueKind);
        Assert.Contains("InvalidOutput on fallback", run.Text("error"), StringComparison.Ordinal);
        // One repair per call: the fallback's invalid answer is not repaired.
        Assert.Equal(["primary:InvalidOutput", "primary:InvalidOutput+repair", "fallback:InvalidOutput"], run.Path());
        Assert.Equal([Primary, Primary, Fallback], OwnRequests.Select(r => r.Deployment));
        Assert.Equal([2, 4, 2], OwnRequests.Select(r => r.MessageCount));

        // Nothing pending: the orchestration has ended, no reservation is left, and what was spent is what the
        // three charged attempts cost.
        JsonElement[] attempts = run.Attempts();
        Assert.All(attempts, a => Assert.True(a.Cost() > 0m));
        Assert.Equal(attempts.Sum(a => a.Cost()), run.Cost());
        BudgetState budget = await Ledger.GetAsync(_user, CancellationToken.None);
        Assert.Equal(0m, budget.Reserved);
        Assert.Equal(attempts.Sum(a => a.Cost()), budget.Spent);
        // The run is recorded as failed just before its orchestration ends (with the call's exception).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        OrchestrationMetadata instance = await fixture.Durable.WaitForInstanceCompletionAsync(run.Text("runId")!, cancellation: timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
    }

    [Fact]
    public async Task ARefusalIsRecordedAsOneNeverParsedAndNotSentToTheFallback()
    {
        Serve(new DeploymentBehavior { Fault = SimulatedFault.Refusal });

        JsonElement run = await ClassifyAsync();

        Assert.Equal("Failed", run.Text("status"));
        Assert.Equal("Refused", run.Text("failureOutcome"));
        Assert.Equal(["primary:Refused"], run.Path());
        JsonElement attempt = run.Attempts()[0];
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("output").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("output").ValueKind);
        Assert.Contains("refused", attempt.Text("error"), StringComparison.Ordinal);
        Assert.Contains("can't help", attempt.Text("error"), StringComparison.Ordinal);

        SimulatedRequest request = Assert.Single(OwnRequests);
        Assert.Equal(Primary, request.Deployment);
        Assert.Equal("refusal", request.Error);

        // The refusal's tokens were billed and are charged.
        Assert.Equal(attempt.Cost(), run.Cost());
        BudgetState budget = await Ledger.GetAsync(_user, CancellationToken.None);
        Assert.Equal(run.Cost(), budget.Spent);
        Assert.Equal(0m, budget.Reserved);
    }
}

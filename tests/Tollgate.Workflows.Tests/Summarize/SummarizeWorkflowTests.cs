using Tollgate.Models;
using Tollgate.ModelSimulator;
using Tollgate.Testing;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Workflows.Tests.Summarize;

/// <summary><c>summarize</c> with the workflow test kit: one free-text call, held to 0.25 USD and 30 s of model time.</summary>
public sealed class SummarizeWorkflowTests
{
    private static readonly SummarizeInput Input = new() { Text = "The quarterly report shows revenue up 12% and costs flat; hiring resumes in March." };

    [Fact]
    public async Task OnTheSimulatorOneCappedCallSummarizesWithinTheCeilingAndTheBudget()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartWithSimulatorAsync();

        WorkflowRun<SummarizeOutput> run = await host.RunAsync(new SummarizeWorkflow(), Input);

        run.AssertCompleted()
            .AssertCalls(1)
            .AssertEveryRequestCapped()
            .AssertWithinCostCeiling()
            .AssertCostAtMost(new SummarizeWorkflow().CostCeiling)
            .AssertWithinLatencyBudget();
        Assert.False(string.IsNullOrWhiteSpace(run.Output!.Summary));
        Assert.Equal(SummarizeWorkflow.Summary.MaxOutputTokens, run.Requests[0].MaxOutputTokens);
        Assert.Equal("max_completion_tokens", run.Requests[0].MaxOutputTokensField);
    }

    [Fact]
    public async Task TheScriptedAnswerIsTheSummaryAndTheRunCostsWhatItsUsageSays()
    {
        var model = new ScriptedModel().Then(ScriptedAnswer.Text("Revenue up 12%, costs flat; hiring resumes in March.").WithUsage(1_000, 100));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun<SummarizeOutput> run = await host.RunAsync(new SummarizeWorkflow(), Input);

        run.AssertCompleted().AssertCalls(1).AssertEveryRequestCapped();
        Assert.Equal("Revenue up 12%, costs flat; hiring resumes in March.", run.Output!.Summary);
        // 1,000 input tokens at 0.15 and 100 output tokens at 0.60 per million (the primary's prices).
        Assert.Equal(0.00021m, run.Cost);
        run.AssertCostAtMost(0.00021m);
        Assert.Contains(Input.Text, run.Requests[0].Messages[1].Content, StringComparison.Ordinal);
        Assert.Empty(model.Pending);
    }

    [Fact]
    public async Task ARateLimitedPrimaryFallsBackAtOnceWithoutWaitingForItsRetryAfter()
    {
        var model = new ScriptedModel()
            .RateLimited(TimeSpan.FromSeconds(30), "primary")
            .Then(ScriptedAnswer.Text("Revenue up, costs flat.").On("fallback"));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun run = await host.RunAsync<SummarizeWorkflow>(new { text = Input.Text });

        run.AssertCompleted()
            .AssertFellBackTo("fallback")
            .AssertCalls(2)
            .AssertOutcomes(AttemptOutcome.RateLimited, AttemptOutcome.Succeeded)
            .AssertEveryRequestCapped()
            .AssertWithinCostCeiling();
        Assert.Empty(run.Waits);
    }

    [Fact]
    public async Task WithoutAFallbackA429WaitsItsThirtySecondRetryAfterOnTheFakeClockAndRetries()
    {
        var model = new ScriptedModel().RateLimited(TimeSpan.FromSeconds(30)).Answer("Revenue up, costs flat.");
        var options = new WorkflowTestHostOptions();
        options.Deployments.Clear();
        options.Deployments.Add(new TestDeployment("primary"));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model, options);
        DateTimeOffset started = host.Clock.GetUtcNow();

        WorkflowRun run = await host.RunAsync<SummarizeWorkflow>(new { text = Input.Text });

        run.AssertCompleted().AssertCalls(2).AssertOutcomes(AttemptOutcome.RateLimited, AttemptOutcome.Succeeded);
        Assert.Equal([TimeSpan.FromSeconds(30)], run.Waits);
        Assert.True(run.Attempts[1].StartedAt - run.Attempts[0].StartedAt >= TimeSpan.FromSeconds(30));
        Assert.True(host.Clock.GetUtcNow() - started >= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task TheSimulatorsRateLimitMovesTheCallToTheFallback()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartWithSimulatorAsync();
        host.Simulator!.Configure("primary", new DeploymentBehavior { Fault = SimulatedFault.RateLimited, FaultCount = 1, RetryAfterSeconds = 30 });

        WorkflowRun run = await host.RunAsync<SummarizeWorkflow>(new { text = Input.Text });

        run.AssertCompleted().AssertFellBackTo("fallback").AssertCalls(2).AssertEveryRequestCapped().AssertWithinCostCeiling();
        Assert.Equal(429, run.Requests[0].StatusCode);
        Assert.Empty(run.Waits);
    }

    [Fact]
    public async Task ScriptedLatencyIsRecordedExactlyAndCountsAgainstTheBudget()
    {
        var model = new ScriptedModel().Then(ScriptedAnswer.Text("Revenue up.").WithLatency(TimeSpan.FromMilliseconds(2_345)));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun run = await host.RunAsync<SummarizeWorkflow>(new { text = Input.Text });

        run.AssertCompleted().AssertModelLatencyWithin(TimeSpan.FromMilliseconds(2_345)).AssertWithinLatencyBudget();
        Assert.Equal(2_345, run.Attempts[0].LatencyMilliseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(2_345), run.ModelLatency);
    }

    [Fact]
    public async Task AnswerSlowerThanTheThirtySecondBudgetIsRecordedAsABreach()
    {
        var model = new ScriptedModel().Then(ScriptedAnswer.Text("Revenue up.").WithLatency(TimeSpan.FromSeconds(31)));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun run = await host.RunAsync<SummarizeWorkflow>(new { text = Input.Text });

        run.AssertCompleted().AssertLatencyBudgetExceeded();
        Assert.True(run.Record.LatencyBudgetExceeded);
        Assert.Equal(30_000, run.Record.LatencyBudgetMilliseconds);
        Assert.Throws<WorkflowAssertionException>(() => run.AssertWithinLatencyBudget());
    }

    [Fact]
    public async Task ARefusalEndsTheRunAsRefusedWithoutAFallback()
    {
        var model = new ScriptedModel().Then(ScriptedAnswer.Refused("I can't help with that."));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun run = await host.RunAsync<SummarizeWorkflow>(new { text = Input.Text });

        run.AssertFailedWith(AttemptOutcome.Refused).AssertCalls(1);
        Assert.IsType<ModelCallFailedException>(run.Failure);
        Assert.Null(run.Output);
    }
}

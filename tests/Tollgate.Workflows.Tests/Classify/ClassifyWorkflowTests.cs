using Tollgate.Models;
using Tollgate.Testing;
using Tollgate.Workflows.Classify;

namespace Tollgate.Workflows.Tests.Classify;

/// <summary><c>classify</c> with the workflow test kit: one structured call, held to 0.05 USD and 10 s of model time.</summary>
public sealed class ClassifyWorkflowTests
{
    private static readonly ClassifyInput Input = new() { Text = "I was charged twice for my March invoice, please refund one." };

    private static readonly Classification Billing = new("billing", Priority.High, 0.92, "The customer reports a double charge.");

    [Fact]
    public async Task OnTheSimulatorOneCappedStructuredCallClassifiesWithinTheCeilingAndTheBudget()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartWithSimulatorAsync();

        WorkflowRun<Classification> run = await host.RunAsync(new ClassifyWorkflow(), Input);

        run.AssertCompleted()
            .AssertCalls(1)
            .AssertEveryRequestCapped()
            .AssertWithinCostCeiling()
            .AssertCostAtMost(new ClassifyWorkflow().CostCeiling)
            .AssertWithinLatencyBudget();
        Assert.Contains(run.Output!.Category, ClassifySettings.DefaultCategories);
        Assert.Equal("json_schema", run.Requests[0].ResponseFormat);
    }

    [Fact]
    public async Task AScriptedStructuredAnswerIsTheOutputAndThePromptListsTheCategories()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(new ScriptedModel().AnswerJson(Billing));

        WorkflowRun<Classification> run = await host.RunAsync(new ClassifyWorkflow(), Input);

        run.AssertCompleted().AssertCalls(1).AssertEveryRequestCapped().AssertWithinCostCeiling().AssertWithinLatencyBudget();
        Assert.Equal(Billing, run.Output);
        Assert.Contains("Categories: billing, bug, feature-request, account, other", run.Requests[0].Messages[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsForTheRunNarrowTheCategoriesTheAnswerMayUse()
    {
        var settings = new ClassifySettings { Categories = ["refunds", "other"] };
        var model = new ScriptedModel()
            .AnswerJson(Billing) // not one of this run's categories: invalid, so repaired
            .AnswerJson(Billing with { Category = "refunds" });
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun<Classification> run = await host.RunAsync(new ClassifyWorkflow(), Input, options: new WorkflowRunOptions { Settings = settings });

        run.AssertCompleted().AssertOutcomes(AttemptOutcome.InvalidOutput, AttemptOutcome.Succeeded);
        Assert.Equal("refunds", run.Output!.Category);
        Assert.Contains("Categories: refunds, other", run.Requests[0].Messages[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidFirstAnswerIsRepairedOnTheSameDeployment()
    {
        var model = new ScriptedModel().Answer("billing, high priority").AnswerJson(Billing);
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun<Classification> run = await host.RunAsync(new ClassifyWorkflow(), Input);

        run.AssertCompleted()
            .AssertCalls(2)
            .AssertOutcomes(AttemptOutcome.InvalidOutput, AttemptOutcome.Succeeded)
            .AssertEveryRequestCapped()
            .AssertWithinCostCeiling();
        Assert.True(run.Attempts[1].IsRepair);
        Assert.All(run.Attempts, a => Assert.Equal("primary", a.Deployment));
        // The repair sends the invalid answer back with what was wrong with it.
        Assert.Equal(4, run.Requests[1].MessageCount);
        Assert.Equal("billing, high priority", run.Requests[1].Messages[2].Content);
        Assert.Equal(Billing, run.Output);
    }

    [Fact]
    public async Task AnswersThatStayInvalidAfterTheRepairAndTheFallbackFailTheRunAsInvalidOutput()
    {
        var model = new ScriptedModel()
            .Answer("{\"category\": \"billing\"}")
            .AnswerJson(Billing with { Confidence = 7 })
            .AnswerJson(Billing with { Category = "invoices" });
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun<Classification> run = await host.RunAsync(new ClassifyWorkflow(), Input);

        run.AssertFailedWith(AttemptOutcome.InvalidOutput)
            .AssertCalls(3)
            .AssertOutcomes(AttemptOutcome.InvalidOutput, AttemptOutcome.InvalidOutput, AttemptOutcome.InvalidOutput)
            .AssertWithinCostCeiling();
        Assert.Equal(["primary", "primary", "fallback"], run.Attempts.Select(a => a.Deployment));
        Assert.Null(run.Output);
        Assert.Contains("InvalidOutput", run.Record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A429WithAThirtySecondRetryAfterFallsBackAndTheFallbacksOwn429IsWaitedOut()
    {
        var model = new ScriptedModel()
            .RateLimited(TimeSpan.FromSeconds(30), "primary")
            .RateLimited(TimeSpan.FromSeconds(30), "fallback")
            .Then(ScriptedAnswer.Json(Billing).On("fallback"));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun<Classification> run = await host.RunAsync(new ClassifyWorkflow(), Input);

        run.AssertCompleted()
            .AssertFellBackTo("fallback")
            .AssertCalls(3)
            .AssertOutcomes(AttemptOutcome.RateLimited, AttemptOutcome.RateLimited, AttemptOutcome.Succeeded)
            .AssertEveryRequestCapped()
            .AssertWithinCostCeiling()
            .AssertWithinLatencyBudget();
        // The wait is on the durable timer (fake time), not model latency: 30 s recorded, nothing slept.
        Assert.Equal([TimeSpan.FromSeconds(30)], run.Waits);
        Assert.True(run.Attempts[2].StartedAt - run.Attempts[1].StartedAt >= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AnAnswerSlowerThanTheTenSecondBudgetIsRecordedAsABreach()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(
            new ScriptedModel().Then(ScriptedAnswer.Json(Billing).WithLatency(TimeSpan.FromSeconds(10.5))));

        WorkflowRun<Classification> run = await host.RunAsync(new ClassifyWorkflow(), Input);

        run.AssertCompleted().AssertLatencyBudgetExceeded().AssertModelLatencyWithin(TimeSpan.FromSeconds(10.5));
        Assert.Equal(10_500, run.Attempts[0].LatencyMilliseconds);
    }

    [Fact]
    public async Task ThePinnedSecondPromptVersionIsSentAndRecorded()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(new ScriptedModel().AnswerJson(Billing));

        WorkflowRun run = await host.RunAsync(new ClassifyWorkflow(), Input,
            options: new WorkflowRunOptions { PromptVersions = new Dictionary<string, int> { ["classify"] = 2 } });

        run.AssertCompleted();
        Assert.Equal(2, run.Attempts[0].PromptVersion);
        Assert.Contains("impact on the customer", run.Requests[0].Messages[0].Content, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Tollgate.Models;
using Tollgate.Testing;
using Tollgate.Workflows.EnrichLead;

namespace Tollgate.Workflows.Tests.EnrichLead;

/// <summary>
/// <c>enrich-lead</c> with the workflow test kit: two structured calls (extract the facts, then profile from them), held
/// together to 0.10 USD and 20 s of model time.
/// </summary>
public sealed class EnrichLeadWorkflowTests
{
    private static readonly EnrichLeadInput Input = new()
    {
        Notes = "Met Dana Ruiz, head of ops at Fernhill Logistics (about 240 people, Rotterdam). They run a fleet app and want route costs down.",
    };

    private static readonly LeadFacts Facts = new("Fernhill Logistics", "Dana Ruiz", "Head of operations", 240, "Rotterdam", ["fleet app"],
        "Lower route costs.");

    private static readonly LeadProfile Profile = new("logistics", SizeBand.Medium, Region.Europe,
        "Fernhill Logistics is a mid-sized Rotterdam logistics firm. It wants lower route costs for its fleet.", ["logistics", "fleet", "eu"]);

    [Fact]
    public async Task OnTheSimulatorTwoCappedCallsProfileTheLeadWithinTheCeilingAndTheBudget()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartWithSimulatorAsync();

        WorkflowRun<LeadProfile> run = await host.RunAsync(new EnrichLeadWorkflow(), Input);

        run.AssertCompleted()
            .AssertCalls(2)
            .AssertEveryRequestCapped()
            .AssertWithinCostCeiling()
            .AssertCostAtMost(new EnrichLeadWorkflow().CostCeiling)
            .AssertWithinLatencyBudget();
        Assert.Equal(["extract", "profile"], run.Attempts.Select(a => a.Step));
        Assert.Equal([EnrichLeadWorkflow.Extract.MaxOutputTokens, EnrichLeadWorkflow.Profile.MaxOutputTokens], run.Requests.Select(r => r.MaxOutputTokens));
        Assert.NotNull(run.Output);
    }

    [Fact]
    public async Task TheProfileStepSeesOnlyTheExtractedFacts()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(new ScriptedModel().AnswerJson(Facts).AnswerJson(Profile));

        WorkflowRun<LeadProfile> run = await host.RunAsync(new EnrichLeadWorkflow(), Input);

        run.AssertCompleted().AssertCalls(2).AssertEveryRequestCapped().AssertWithinCostCeiling().AssertWithinLatencyBudget();
        Assert.Equal(Json(Profile), Json(run.Output!));
        string profilePrompt = run.Requests[1].Messages[1].Content;
        Assert.Contains(Json(Facts), profilePrompt, StringComparison.Ordinal);
        Assert.DoesNotContain(Input.Notes, profilePrompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatTheFirstStepSpentLowersTheSecondStepsCapToFitTheCostCeiling()
    {
        // Output at 200 USD per million tokens, input free: extract's cap of 400 fits the 0.10 ceiling (0.08), its 300 tokens
        // spend 0.06, and profile's cap of 300 (0.06) no longer fits the 0.04 left, so the gateway sends 200 instead.
        var options = new WorkflowTestHostOptions();
        options.Deployments[0] = TestDeployment.Primary with { InputPricePerMillion = 0m, CachedInputPricePerMillion = 0m, OutputPricePerMillion = 200m };
        var model = new ScriptedModel()
            .Then(ScriptedAnswer.Json(Facts).WithUsage(500, 300))
            .Then(ScriptedAnswer.Json(Profile).WithUsage(500, 150));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model, options);

        WorkflowRun<LeadProfile> run = await host.RunAsync(new EnrichLeadWorkflow(), Input);

        run.AssertCompleted().AssertCalls(2).AssertEveryRequestCapped().AssertWithinCostCeiling().AssertCostAtMost(0.09m);
        Assert.Equal(200, run.Requests[1].MaxOutputTokens);
        Assert.Equal(200, run.Attempts[1].MaxOutputTokens);
        Assert.Equal(300, run.Attempts[1].StepMaxOutputTokens);
    }

    [Fact]
    public async Task ARateLimitedProfileCallFallsBackWhileTheExtractStaysOnThePrimary()
    {
        var model = new ScriptedModel()
            .Then(ScriptedAnswer.Json(Facts).On("primary"))
            .RateLimited(TimeSpan.FromSeconds(30), "primary")
            .Then(ScriptedAnswer.Json(Profile).On("fallback"));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun run = await host.RunAsync(new EnrichLeadWorkflow(), Input);

        run.AssertCompleted()
            .AssertFellBackTo("fallback")
            .AssertCalls(3)
            .AssertOutcomes(AttemptOutcome.Succeeded, AttemptOutcome.RateLimited, AttemptOutcome.Succeeded)
            .AssertEveryRequestCapped()
            .AssertWithinCostCeiling();
        Assert.Equal(["primary", "primary", "fallback"], run.Attempts.Select(a => a.Deployment));
        Assert.Empty(run.Waits);
    }

    [Fact]
    public async Task AnInvalidProfileIsRepairedAndAProfileThatStaysInvalidFailsTheRun()
    {
        var repaired = new ScriptedModel().AnswerJson(Facts).AnswerJson(Profile with { Tags = ["a", "b", "c", "d", "e", "f"] }).AnswerJson(Profile);
        await using (WorkflowTestHost host = await WorkflowTestHost.StartAsync(repaired))
        {
            WorkflowRun run = await host.RunAsync(new EnrichLeadWorkflow(), Input);

            run.AssertCompleted().AssertCalls(3).AssertOutcomes(AttemptOutcome.Succeeded, AttemptOutcome.InvalidOutput, AttemptOutcome.Succeeded);
            Assert.True(run.Attempts[2].IsRepair);
        }

        var invalid = new ScriptedModel().AnswerJson(Facts).Answer("not json").Answer("still not json").Answer("{}");
        await using (WorkflowTestHost host = await WorkflowTestHost.StartAsync(invalid))
        {
            WorkflowRun run = await host.RunAsync(new EnrichLeadWorkflow(), Input);

            run.AssertFailedWith(AttemptOutcome.InvalidOutput).AssertCalls(4).AssertWithinCostCeiling();
            Assert.Equal(["extract", "profile", "profile", "profile"], run.Attempts.Select(a => a.Step));
        }
    }

    [Fact]
    public async Task TheLatencyBudgetIsCountedOverBothSteps()
    {
        // 12 s + 9 s: each step alone is within the 20 s budget, the run is not.
        var model = new ScriptedModel()
            .Then(ScriptedAnswer.Json(Facts).WithLatency(TimeSpan.FromSeconds(12)))
            .Then(ScriptedAnswer.Json(Profile).WithLatency(TimeSpan.FromSeconds(9)));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);

        WorkflowRun run = await host.RunAsync(new EnrichLeadWorkflow(), Input);

        run.AssertCompleted().AssertLatencyBudgetExceeded();
        Assert.Equal([12_000L, 9_000L], run.Attempts.Select(a => a.LatencyMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(21), run.ModelLatency);
        Assert.Throws<WorkflowAssertionException>(() => run.AssertModelLatencyWithin(new EnrichLeadWorkflow().LatencyBudget));
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), WorkflowJson.Options);
}

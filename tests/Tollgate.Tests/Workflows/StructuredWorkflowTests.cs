using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Models;
using Tollgate.Outputs;
using Tollgate.Runs;
using Tollgate.Workflows;
using Tollgate.Workflows.Classify;
using Tollgate.Workflows.EnrichLead;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// classify and enrich-lead on the workflow base, driven by a scripted orchestration: the settings and prompt pins a
/// run started with, the schema each step sends, the cost ceiling shared by a run's steps, and how a run that got no
/// answer is recorded.
/// </summary>
public sealed class StructuredWorkflowTests
{
    private const string ClassificationJson = """{"category":"invoice","priority":"high","confidence":0.75,"reason":"Charged twice."}""";
    private const string FactsJson = """{"companyName":"Acme","contactName":null,"contactRole":"CTO","employees":120,"location":"Lyon","products":["anvils"],"need":"Cheaper anvils."}""";
    private const string ProfileJson = """{"industry":"manufacturing","sizeBand":"medium","region":"europe","summary":"Acme makes anvils. It wants cheaper ones.","tags":["anvils"]}""";

    private static WorkflowStart ClassifyStart(IReadOnlyDictionary<string, int>? pins = null, ClassifySettings? settings = null) =>
        new("classify", "alice", JsonSerializer.SerializeToElement(new { text = "I was charged twice." }), pins ?? new Dictionary<string, int>(),
            settings is null ? null : JsonSerializer.SerializeToElement(settings, WorkflowJson.Options));

    private static readonly WorkflowStart EnrichStart =
        new("enrich-lead", "alice", JsonSerializer.SerializeToElement(new { notes = "Met the CTO of Acme (Lyon, 120 people)." }), new Dictionary<string, int>());

    private static Func<ModelAttemptRequest, ModelAttemptResult> Attempt(AttemptOutcome outcome, decimal cost, string? text = null) => request =>
        new ModelAttemptResult(outcome, request.Deployment ?? "primary", text, null, null, null, 300, request.MaxOutputTokens, TokenUsage.None,
            new ModelCost(cost, 0m, 0m), 10, Error: outcome == AttemptOutcome.Succeeded ? null : $"{outcome} (scripted)",
            Fallback: request.Deployment is null ? "fallback" : null,
            OutputErrors: outcome == AttemptOutcome.InvalidOutput ? ["/: scripted"] : null);

    [Fact]
    public async Task ClassifySendsTheConfiguredCategoriesInThePromptAndAsTheSchemasEnum()
    {
        var context = new ScriptedOrchestrationContext(Attempt(AttemptOutcome.Succeeded, 0.001m, ClassificationJson));
        var settings = new ClassifySettings { Categories = ["outage", "invoice", "praise"] };

        Classification output = await new ClassifyWorkflow().RunAsync(context, ClassifyStart(settings: settings));

        Assert.Equal(new Classification("invoice", Priority.High, 0.75, "Charged twice."), output);
        ModelAttemptRequest request = Assert.Single(context.ModelRequests);
        Assert.Equal("outage, invoice, praise", request.Variables["categories"]);
        Assert.Equal("I was charged twice.", request.Variables["text"]);
        OutputSchema expected = ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", ["outage", "invoice", "praise"]);
        Assert.Equal(expected.Json, request.Output!.Json);
        Assert.Equal(ClassifyWorkflow.Classification.MaxOutputTokens, request.MaxOutputTokens);
        Assert.Equal(ClassifyWorkflow.Classification.MinOutputTokens, request.MinOutputTokens);
        Assert.Equal(1, request.PromptVersion);
        Assert.Equal(0.05m, request.CostCeilingLeft);

        RunCompletion completion = Assert.Single(context.Completions);
        Assert.Equal(RunStatus.Completed, completion.Status);
        Assert.Equal(0.05m, completion.CostCeiling);
        Assert.Equal(TimeSpan.FromSeconds(10), completion.LatencyBudget);
        Assert.Null(completion.FailureOutcome);
        Assert.Equal(output, JsonSerializer.Deserialize<Classification>(completion.Output!, WorkflowJson.Options));
    }

    [Fact]
    public async Task ClassifyWithoutSettingsUsesTheDefaultCategories()
    {
        var context = new ScriptedOrchestrationContext(Attempt(AttemptOutcome.Succeeded, 0m, ClassificationJson.Replace("invoice", "billing", StringComparison.Ordinal)));

        await new ClassifyWorkflow().RunAsync(context, ClassifyStart());

        ModelAttemptRequest request = context.ModelRequests[0];
        Assert.Equal(string.Join(", ", ClassifySettings.DefaultCategories), request.Variables["categories"]);
        Assert.Equal(ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", [.. ClassifySettings.DefaultCategories]).Sha256, request.Output!.Sha256);
    }

    [Fact]
    public async Task APinnedPromptVersionIsSentOnEveryAttempt()
    {
        var context = new ScriptedOrchestrationContext(Attempt(AttemptOutcome.InvalidOutput, 0m, "{"), Attempt(AttemptOutcome.Succeeded, 0m, ClassificationJson));

        await new ClassifyWorkflow().RunAsync(context, ClassifyStart(pins: new Dictionary<string, int> { ["classify"] = 2 },
            settings: new ClassifySettings { Categories = ["invoice", "other"] }));

        Assert.Equal([2, 2], context.ModelRequests.Select(r => r.PromptVersion));
    }

    [Fact]
    public async Task EnrichLeadAsksExtractThenProfileWithTheExtractedFactsAsItsOnlyInput()
    {
        var context = new ScriptedOrchestrationContext(
            Attempt(AttemptOutcome.Succeeded, 0.002m, FactsJson), Attempt(AttemptOutcome.Succeeded, 0.001m, ProfileJson));

        LeadProfile profile = await new EnrichLeadWorkflow().RunAsync(context, EnrichStart);

        Assert.Equal(Region.Europe, profile.Region);
        Assert.Equal(SizeBand.Medium, profile.SizeBand);
        ModelAttemptRequest[] requests = [.. context.ModelRequests];
        Assert.Equal(["extract", "profile"], requests.Select(r => r.Step));
        Assert.Equal(["lead-extract", "lead-profile"], requests.Select(r => r.PromptId));
        Assert.Equal(EnrichLeadWorkflow.Extract.Schema.Sha256, requests[0].Output!.Sha256);
        Assert.Equal(EnrichLeadWorkflow.Profile.Schema.Sha256, requests[1].Output!.Sha256);
        Assert.NotEqual(requests[0].CallId, requests[1].CallId);
        Assert.Equal(["notes"], requests[0].Variables.Keys);
        Assert.Equal(["facts"], requests[1].Variables.Keys);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(FactsJson), JsonNode.Parse(requests[1].Variables["facts"])), requests[1].Variables["facts"]);
        Assert.Empty(OutputValidation.Validate(EnrichLeadWorkflow.Extract.Schema, requests[1].Variables["facts"]));

        // The second step is held to what the first one left of the run's ceiling.
        Assert.Equal([0.10m, 0.098m], requests.Select(r => r.CostCeilingLeft));
        RunCompletion completion = Assert.Single(context.Completions);
        Assert.Equal(RunStatus.Completed, completion.Status);
        Assert.Equal(0.10m, completion.CostCeiling);
        Assert.Equal(TimeSpan.FromSeconds(20), completion.LatencyBudget);
    }

    [Fact]
    public async Task WhatAFailedStepSpentIsCountedAgainstTheCeilingOfTheNextOnes()
    {
        // Extract: an invalid answer (charged) and its repair; profile then has what both left.
        var context = new ScriptedOrchestrationContext(
            Attempt(AttemptOutcome.InvalidOutput, 0.003m, "{"), Attempt(AttemptOutcome.Succeeded, 0.002m, FactsJson),
            Attempt(AttemptOutcome.Succeeded, 0.001m, ProfileJson));

        await new EnrichLeadWorkflow().RunAsync(context, EnrichStart);

        Assert.Equal([0.10m, 0.097m, 0.095m], context.ModelRequests.Select(r => r.CostCeilingLeft));
    }

    [Theory]
    [InlineData(AttemptOutcome.InvalidOutput)]
    [InlineData(AttemptOutcome.Refused)]
    [InlineData(AttemptOutcome.CostCeiling)]
    public async Task ARunWhoseStepGotNoAnswerIsRecordedFailedWithTheOutcome(AttemptOutcome outcome)
    {
        // Extract answers; profile fails on every deployment it may try.
        var context = new ScriptedOrchestrationContext(
            Attempt(AttemptOutcome.Succeeded, 0.002m, FactsJson), Attempt(outcome, 0m), Attempt(outcome, 0m), Attempt(outcome, 0m));

        ModelCallFailedException ex = await Assert.ThrowsAsync<ModelCallFailedException>(() => new EnrichLeadWorkflow().RunAsync(context, EnrichStart));

        RunCompletion completion = Assert.Single(context.Completions);
        Assert.Equal(RunStatus.Failed, completion.Status);
        Assert.Equal(outcome, completion.FailureOutcome);
        Assert.Null(completion.Output);
        Assert.Equal(ex.Message, completion.Error);
        Assert.Contains("'profile'", completion.Error, StringComparison.Ordinal);
        Assert.Equal(0.10m, completion.CostCeiling);
    }

    [Fact]
    public async Task AFailureThatIsNoAttemptOutcomeIsRecordedWithoutOne()
    {
        // An answer that passed the gateway's check but that the workflow cannot read (here: scripted as valid).
        var context = new ScriptedOrchestrationContext(Attempt(AttemptOutcome.Succeeded, 0m, """{"category":"invoice"}"""));

        await Assert.ThrowsAnyAsync<Exception>(() => new ClassifyWorkflow().RunAsync(context, ClassifyStart()));

        RunCompletion completion = Assert.Single(context.Completions);
        Assert.Equal(RunStatus.Failed, completion.Status);
        Assert.Null(completion.FailureOutcome);
        Assert.Contains("JsonException", completion.Error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Models;
using Tollgate.Outputs;
using Tollgate.Prompts;
using Tollgate.Runs;
using Tollgate.Workflows;
using Tollgate.Workflows.Classify;
using Tollgate.Workflows.EnrichLead;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// The structured workflows end to end over HTTP on the shared DevHost (default settings): enrich-lead's two steps in
/// order, the second fed the first one's output, and classify with the default categories and prompt.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class StructuredRunTests(DevHostFixture fixture)
{
    [Fact]
    public async Task EnrichLeadExtractsThenProfilesFromTheExtractedFacts()
    {
        string notes = $"Met Dana Reyes, CTO of Northwind Robotics in Toronto; about 300 staff, they want fleet telemetry. {OwnTraffic.Marker("lead")}";

        JsonElement run = await fixture.RunAsync("enrich-lead", "lead-user", new { notes });

        Assert.Equal("Completed", run.Text("status"));
        JsonElement[] attempts = run.Attempts();
        Assert.Equal(["extract:Succeeded", "profile:Succeeded"], attempts.Select(a => $"{a.Text("step")}:{a.Text("outcome")}"));
        Assert.NotEqual(attempts[0].Text("callId"), attempts[1].Text("callId"));
        Assert.True(attempts[1].GetProperty("startedAt").GetDateTimeOffset() >= attempts[0].GetProperty("startedAt").GetDateTimeOffset());

        // Each step's answer satisfies its own schema, and the run's output is the profile step's answer.
        string extracted = attempts[0].Text("output")!;
        string profiled = attempts[1].Text("output")!;
        Assert.Empty(OutputValidation.Validate(EnrichLeadWorkflow.Extract.Schema, extracted));
        Assert.Empty(OutputValidation.Validate(EnrichLeadWorkflow.Profile.Schema, profiled));
        Assert.Equal(EnrichLeadWorkflow.Extract.Schema.Sha256, attempts[0].Text("outputSchemaSha256"));
        Assert.Equal(EnrichLeadWorkflow.Profile.Schema.Sha256, attempts[1].Text("outputSchemaSha256"));
        string output = run.GetProperty("output").GetRawText();
        Assert.Empty(OutputValidation.Validate(EnrichLeadWorkflow.Profile.Schema, output));
        Assert.True(WorkflowRuns.SameJson(profiled, output), $"{profiled} is not {output}");

        // The extract request carried the notes; the profile request carried exactly the extracted facts (the
        // seed is a hash of the rendered prompt, so no other facts give it).
        long extractSeed = ModelGateway.SeedOf(PromptCatalog.Get("lead-extract", 1).Render(new Dictionary<string, string> { ["notes"] = notes }));
        string facts = JsonSerializer.Serialize(OutputValidation.Read<LeadFacts>(extracted), WorkflowJson.Options);
        long profileSeed = ModelGateway.SeedOf(PromptCatalog.Get("lead-profile", 1).Render(new Dictionary<string, string> { ["facts"] = facts }));
        Assert.Equal([extractSeed, profileSeed], attempts.Select(a => a.GetProperty("seed").GetInt64()));
        SimulatedRequest extractRequest = Assert.Single(fixture.Simulator.RequestsWithSeed(extractSeed));
        SimulatedRequest profileRequest = Assert.Single(fixture.Simulator.RequestsWithSeed(profileSeed));
        Assert.True(profileRequest.Sequence > extractRequest.Sequence);
        Assert.All(new[] { extractRequest, profileRequest }, r => Assert.Equal("json_schema", r.ResponseFormat));
        Assert.Equal([EnrichLeadWorkflow.Extract.MaxOutputTokens, EnrichLeadWorkflow.Profile.MaxOutputTokens],
            new[] { extractRequest, profileRequest }.Select(r => r.MaxOutputTokens ?? 0));

        Assert.Equal(
            [("lead-extract", 1, PromptCatalog.Get("lead-extract", 1).ContentHash), ("lead-profile", 1, PromptCatalog.Get("lead-profile", 1).ContentHash)],
            run.GetProperty("prompts").EnumerateArray().Select(p => (p.Text("id"), p.GetProperty("version").GetInt32(), p.Text("sha256"))));
        Assert.Equal(attempts.Sum(a => a.Cost()), run.Cost());
        Assert.Equal(0.10m, run.GetProperty("costCeiling").GetDecimal());
        Assert.Equal(20_000, run.GetProperty("latencyBudgetMs").GetInt64());
        Assert.False(run.GetProperty("latencyBudgetExceeded").GetBoolean());
    }

    [Fact]
    public async Task ClassifyWithoutSettingsSendsPromptVersionOneAndTheDefaultCategories()
    {
        string text = $"The export button does nothing since the last update. {OwnTraffic.Marker("classify")}";

        JsonElement run = await fixture.RunAsync("classify", "classify-default", new { text });

        Assert.Equal("Completed", run.Text("status"));
        JsonElement attempt = Assert.Single(run.Attempts());
        AttemptRecord recorded = Assert.Single((await fixture.Host.App.Services.GetRequiredService<RunStore>()
            .GetAsync(run.Text("runId")!, CancellationToken.None))!.Attempts);
        Assert.Equal(("classify", 1, PromptCatalog.Get("classify", 1).ContentHash), (recorded.PromptId, recorded.PromptVersion, recorded.PromptSha256));
        Assert.Equal(1, run.GetProperty("prompt").GetProperty("version").GetInt32());
        Assert.Equal(PromptCatalog.Get("classify", 1).ContentHash, run.GetProperty("prompt").Text("sha256"));
        OutputSchema sent = ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", [.. ClassifySettings.DefaultCategories]);
        Assert.Equal(sent.Sha256, attempt.Text("outputSchemaSha256"));
        Assert.Empty(OutputValidation.Validate(sent, run.GetProperty("output").GetRawText()));
        Assert.Contains(run.GetProperty("output").Text("category"), ClassifySettings.DefaultCategories);
        Assert.Single(fixture.Simulator.RequestsWithSeed(WorkflowRuns.ClassifySeed(text)));
    }
}

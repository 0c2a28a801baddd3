using System.Net;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Outputs;
using Tollgate.Prompts;
using Tollgate.Workflows.Classify;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// classify end to end over HTTP on a DevHost configured with categories of its own: the request's schema allows only
/// those, the prompt lists them, and the answer is schema-valid and one of them.
/// </summary>
public sealed class ClassifyRunTests(ClassifyRunTests.CustomCategories host) : IClassFixture<ClassifyRunTests.CustomCategories>
{
    public static readonly string[] Categories = ["outage", "invoice", "praise"];

    private readonly DevHostFixture _fixture = host.Host;

    /// <summary>Tollgate:Workflows:classify:Settings:Categories:0..2.</summary>
    public sealed class CustomCategories() : ConfiguredDevHost(
        Categories.Select((c, i) => KeyValuePair.Create($"Tollgate:Workflows:classify:Settings:Categories:{i}", (string?)c)).ToDictionary());

    [Fact]
    public async Task ARunIsAcceptedAndCompletesWithASchemaValidAnswerInAConfiguredCategory()
    {
        string text = $"We were invoiced twice for March and nobody answers the phone. {OwnTraffic.Marker("classify")}";

        JsonElement run = await _fixture.RunAsync("classify", "classify-user", new { text });

        Assert.Equal("Completed", run.Text("status"));
        Assert.Equal("classify", run.Text("workflow"));
        OutputSchema sent = ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", Categories);
        string output = run.GetProperty("output").GetRawText();
        Assert.Empty(OutputValidation.Validate(sent, output));
        Classification classification = OutputValidation.Read<Classification>(output);
        Assert.Contains(classification.Category, Categories);
        Assert.InRange(classification.Confidence, 0, 1);

        // The one attempt checked the answer against the narrowed schema (the configured categories as its enum).
        JsonElement attempt = Assert.Single(run.Attempts());
        Assert.Equal("Succeeded", attempt.Text("outcome"));
        Assert.Equal("primary", attempt.Text("deployment"));
        Assert.False(attempt.GetProperty("isRepair").GetBoolean());
        Assert.Equal(sent.Sha256, attempt.Text("outputSchemaSha256"));
        Assert.NotEqual(ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", [.. ClassifySettings.DefaultCategories]).Sha256,
            attempt.Text("outputSchemaSha256"));
        Assert.True(WorkflowRuns.SameJson(output, attempt.Text("output")), "The run's output is the attempt's answer.");
        Assert.Equal(ClassifyWorkflow.Classification.MaxOutputTokens, attempt.GetProperty("maxOutputTokens").GetInt32());

        // The prompt listed the configured categories: the request's seed is that of the prompt rendered with them.
        long seed = WorkflowRuns.ClassifySeed(text, Categories);
        Assert.Equal(seed, attempt.GetProperty("seed").GetInt64());
        SimulatedRequest request = Assert.Single(_fixture.Simulator.RequestsWithSeed(seed));
        Assert.Equal("json_schema", request.ResponseFormat);
        Assert.Equal(ClassifyWorkflow.Classification.MaxOutputTokens, request.MaxOutputTokens);
        Assert.Equal(2, request.MessageCount);
        Assert.Equal(request.CompletionTokens, attempt.GetProperty("usage").GetProperty("outputTokens").GetInt32());

        JsonElement prompt = Assert.Single(run.GetProperty("prompts").EnumerateArray().ToArray());
        Assert.Equal(1, prompt.GetProperty("version").GetInt32());
        Assert.Equal(PromptCatalog.Get("classify", 1).ContentHash, prompt.Text("sha256"));

        // The limits the run was held to, and a fast run within its latency budget.
        Assert.Equal(0.05m, run.GetProperty("costCeiling").GetDecimal());
        Assert.Equal(10_000, run.GetProperty("latencyBudgetMs").GetInt64());
        Assert.False(run.GetProperty("latencyBudgetExceeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("failureOutcome").ValueKind);
        Assert.Equal(attempt.Cost(), run.Cost());
        Assert.True(run.Cost() > 0m);
    }

    [Theory]
    [InlineData("{}", "input.text")]
    [InlineData("""{"text":"   "}""", "input.text")]
    [InlineData("""{"text":"hi","category":"outage"}""", "input.category")]
    public async Task ABadInputIs400NamingTheFieldAndStartsNothing(string input, string field)
    {
        string user = OwnTraffic.Marker("classify-bad");
        using var content = new StringContent($"{{\"userId\":\"{user}\",\"input\":{input}}}", System.Text.Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await _fixture.Http.PostAsync("api/workflows/classify/runs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        Assert.Equal(0, await _fixture.CountRowsOfUserAsync(user));
    }
}

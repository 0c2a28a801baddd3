using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Prompts;
using Tollgate.Workflows;
using Tollgate.Workflows.Summarize;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>A summarize run end to end through the DevHost's HTTP surface.</summary>
[Collection(DevHostGroup.Name)]
public sealed class SummarizeRunTests(DevHostFixture fixture)
{
    // Unique per test instance, so that its model request is told apart from other tests' by the prompt's seed.
    private readonly string _text = $"Tollgate counts, caps, budgets and records every model call, so cost and failure are explicit before production. {Guid.NewGuid():N}";

    [Fact]
    public async Task ARunCompletesAndIsReadableThroughTheApiAndFromTheTable()
    {
        using HttpResponseMessage accepted = await fixture.StartRunAsync("summarize", new { userId = "user-1", input = new { text = _text } });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        JsonElement body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        string runId = body.GetProperty("runId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", runId);
        Assert.Equal($"/api/runs/{runId}", accepted.Headers.Location?.OriginalString);
        Assert.EndsWith($"/api/runs/{runId}", body.GetProperty("statusUrl").GetString(), StringComparison.Ordinal);

        JsonElement run = await fixture.WaitForRunAsync(runId);

        // Exactly one model request for this prompt, carrying the step's cap, and its counted input matches the provider's count.
        long seed = OwnTraffic.SummarizeSeed(_text);
        SimulatedRequest request = Assert.Single(fixture.Simulator.Requests, r => r.Seed == seed);
        Assert.Equal(SummarizeWorkflow.Summary.MaxOutputTokens, request.MaxOutputTokens);
        Assert.Equal(200, request.StatusCode);

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal("summarize", run.GetProperty("workflow").GetString());
        Assert.Equal("user-1", run.GetProperty("userId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(run.GetProperty("output").GetProperty("summary").GetString()));
        Assert.Equal("primary", run.GetProperty("deployment").GetString());
        // The DevHost's primary deployment is gpt-4o: the run names the model that answered, as the provider reported it.
        Assert.Equal("gpt-4o", request.Deployment);
        Assert.Equal("gpt-4o-2024-08-06", run.GetProperty("responseModel").GetString());

        JsonElement usage = run.GetProperty("usage");
        Assert.Equal(request.PromptTokens, usage.GetProperty("inputTokens").GetInt32());
        Assert.Equal(request.CompletionTokens, usage.GetProperty("outputTokens").GetInt32());

        JsonElement attempt = Assert.Single(run.GetProperty("attempts").EnumerateArray().ToArray());
        Assert.Equal("Succeeded", attempt.GetProperty("outcome").GetString());
        Assert.Equal(request.PromptTokens, attempt.GetProperty("countedInputTokens").GetInt32());
        Assert.Equal(SummarizeWorkflow.Summary.MaxOutputTokens, attempt.GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal("fp_sim_1", attempt.GetProperty("systemFingerprint").GetString());
        Assert.Equal(request.Seed, attempt.GetProperty("seed").GetInt64());
        Assert.Equal(0d, request.Temperature);

        // Cost from reported usage at the primary deployment's prices (DevHost defaults: 2.50 in / 10.00 out per million).
        decimal expectedCost = request.PromptTokens * 2.50m / 1_000_000m + request.CompletionTokens * 10.00m / 1_000_000m;
        Assert.Equal(expectedCost, run.GetProperty("cost").GetProperty("total").GetDecimal());

        JsonElement prompt = run.GetProperty("prompt");
        Assert.Equal(PromptCatalog.SummarizeV1.Id, prompt.GetProperty("id").GetString());
        Assert.Equal(PromptCatalog.SummarizeV1.ContentHash, prompt.GetProperty("sha256").GetString());
        Assert.True(run.GetProperty("durationMs").GetInt64() >= 0);

        // The table holds the same facts, money as an exact decimal string.
        TableEntity row = (await Azurite.Table(fixture.RunsTable).GetEntityAsync<TableEntity>(runId, "run")).Value;
        Assert.Equal("Completed", row.GetString("Status"));
        Assert.Equal("user-1", row.GetString("UserId"));
        Assert.Equal(1, row.GetInt32("Attempts"));
        Assert.Equal(expectedCost, decimal.Parse(row.GetString("CostTotal"), CultureInfo.InvariantCulture));
        Assert.Equal(request.PromptTokens, row.GetInt32("InputTokens"));
        Assert.Equal(
            run.GetProperty("output").GetProperty("summary").GetString(),
            JsonSerializer.Deserialize<SummarizeOutput>(row.GetString("Output"), WorkflowJson.Options)?.Summary);

        var attempts = await Azurite.Table(fixture.RunsTable)
            .QueryAsync<TableEntity>(e => e.PartitionKey == runId && e.RowKey != "run").ToListAsync();
        TableEntity attemptRow = Assert.Single(attempts);
        Assert.Equal(SummarizeWorkflow.Summary.MaxOutputTokens, attemptRow.GetInt32("MaxOutputTokens"));
        Assert.Equal(PromptCatalog.SummarizeV1.ContentHash, attemptRow.GetString("PromptSha256"));
    }

    [Fact]
    public async Task TheSameInputGivesTheSameOutput()
    {
        string first = await SummaryOfAsync("Deterministic answers make replay possible. The simulator proves the path.");
        string second = await SummaryOfAsync("Deterministic answers make replay possible. The simulator proves the path.");
        string other = await SummaryOfAsync("A different text yields a different summary from the simulator.");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    private async Task<string> SummaryOfAsync(string text)
    {
        using HttpResponseMessage accepted = await fixture.StartRunAsync("summarize", new { userId = "user-2", input = new { text } });
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        JsonElement run = await fixture.WaitForRunAsync(runId);
        return run.GetProperty("output").GetProperty("summary").GetString()!;
    }
}

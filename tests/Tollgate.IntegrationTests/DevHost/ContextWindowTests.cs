using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Workflows.Classify;
using Tollgate.Workflows.Summarize;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Input is counted before sending: what cannot fit the window is never sent. A step with a trimmable variable
/// (summarize's text) is trimmed to fit instead; a step without one (classify) is refused.
/// </summary>
public sealed class ContextWindowTests : IAsyncLifetime
{
    private const int Window = 400;
    private readonly DevHostFixture _fixture = new();

    public async Task InitializeAsync()
    {
        _fixture.Settings["Tollgate:Models:Deployments:primary:ContextWindow"] = "400";
        _fixture.Settings["Tollgate:Models:Deployments:fallback:ContextWindow"] = "400";
        // The simulated deployments refuse what does not fit, as the real ones do.
        _fixture.Settings["Simulator:Deployments:gpt-4o:ContextWindow"] = "400";
        _fixture.Settings["Simulator:Deployments:gpt-4o-mini:ContextWindow"] = "400";
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task ATooLongSummarizePromptIsTrimmedToTheWindowAndAnswered()
    {
        string text = string.Join(' ', Enumerable.Repeat("tokens", 400));

        JsonElement run = await RunAsync("summarize", new { text });

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        JsonElement attempt = Assert.Single(run.GetProperty("attempts").EnumerateArray());
        Assert.Equal(("primary", "Succeeded"), (attempt.GetProperty("deployment").GetString(), attempt.GetProperty("outcome").GetString()));
        int counted = attempt.GetProperty("countedInputTokens").GetInt32();
        Assert.InRange(counted + SummarizeWorkflow.Summary.MaxOutputTokens, Window - 1, Window);
        Assert.True(attempt.GetProperty("trimmedTokens").GetInt32() > 300, "400 repeated words must lose most of their tokens.");
        SimulatedRequest sent = Assert.Single(_fixture.Simulator.Requests);
        Assert.Equal((200, counted), (sent.StatusCode, sent.PromptTokens));
    }

    [Fact]
    public async Task APromptThatCannotFitAStepWithoutATrimIsRefusedWithoutCallingTheModel()
    {
        string text = string.Join(' ', Enumerable.Repeat("tokens", 400));

        JsonElement run = await RunAsync("classify", new { text });

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["primary", "fallback"], attempts.Select(a => a.GetProperty("deployment").GetString()));
        Assert.All(attempts, attempt =>
        {
            Assert.Equal("ContextTooLong", attempt.GetProperty("outcome").GetString());
            Assert.True(attempt.GetProperty("countedInputTokens").GetInt32() + ClassifyWorkflow.Classification.MaxOutputTokens > Window);
            Assert.Equal(0, attempt.GetProperty("trimmedTokens").GetInt32());
        });
        Assert.Empty(_fixture.Simulator.Requests);
        Assert.Equal(0m, run.GetProperty("cost").GetProperty("total").GetDecimal());
    }

    private async Task<JsonElement> RunAsync(string workflow, object input)
    {
        using HttpResponseMessage accepted = await _fixture.StartRunAsync(workflow, new { userId = "user-c", input });
        accepted.EnsureSuccessStatusCode();
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await _fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
    }
}

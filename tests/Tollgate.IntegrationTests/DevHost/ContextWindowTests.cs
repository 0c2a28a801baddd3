using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Workflows.Summarize;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>Input is counted before sending: what cannot fit the window is never sent.</summary>
public sealed class ContextWindowTests : IAsyncLifetime
{
    private readonly DevHostFixture _fixture = new();

    public async Task InitializeAsync()
    {
        _fixture.Settings["Tollgate:Models:Deployments:primary:ContextWindow"] = "400";
        _fixture.Settings["Tollgate:Models:Deployments:fallback:ContextWindow"] = "400";
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task APromptThatCannotFitIsRefusedWithoutCallingTheModel()
    {
        string text = string.Join(' ', Enumerable.Repeat("tokens", 400));
        using HttpResponseMessage accepted = await _fixture.StartRunAsync("summarize", new { userId = "user-c", input = new { text } });
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;

        JsonElement run = await _fixture.WaitForRunAsync(runId);

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["primary", "fallback"], attempts.Select(a => a.GetProperty("deployment").GetString()));
        Assert.All(attempts, attempt =>
        {
            Assert.Equal("ContextTooLong", attempt.GetProperty("outcome").GetString());
            Assert.True(attempt.GetProperty("countedInputTokens").GetInt32() + SummarizeWorkflow.Summary.MaxOutputTokens > 400);
        });
        Assert.Empty(_fixture.Simulator.Requests);
        Assert.Equal(0m, run.GetProperty("cost").GetProperty("total").GetDecimal());
    }
}

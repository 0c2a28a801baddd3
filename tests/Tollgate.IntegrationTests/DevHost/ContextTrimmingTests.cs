using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Prompts;
using Tollgate.Trimming;
using Tollgate.Workflows.Summarize;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Trimming is per target: a prompt sent whole to a large-window primary that fails is trimmed again for the smaller
/// window of its fallback — which the simulator enforces, so a request resent as it was would be refused there.
/// </summary>
public sealed class ContextTrimmingTests : IAsyncLifetime
{
    private const int FallbackWindow = 600;
    private readonly DevHostFixture _fixture = new();

    /// <summary>About 2,000 tokens of varied text: fits the primary's 128K window, not the fallback's 600.</summary>
    private static readonly string LongText = string.Join(' ', Enumerable.Range(1, 160).Select(i =>
        $"Paragraph {i}: the meeting agreed that ticket {i * 31 % 997} moves to sprint {i % 12 + 1}."));

    public async Task InitializeAsync()
    {
        _fixture.Settings["Tollgate:Models:Deployments:fallback:ContextWindow"] = "600";
        _fixture.Settings["Simulator:Deployments:gpt-4o-mini:ContextWindow"] = "600";
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task APromptTooLongForTheFallbacksSmallerWindowIsTrimmedAndAnsweredThere()
    {
        _fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { Fault = SimulatedFault.RateLimited, RetryAfterSeconds = 30 });

        JsonElement run = await RunAsync("user-trim");

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal("fallback", run.GetProperty("deployment").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["primary:RateLimited", "fallback:Succeeded"],
            attempts.Select(a => $"{a.GetProperty("deployment").GetString()}:{a.GetProperty("outcome").GetString()}"));

        // The primary's window took the whole prompt: sent untrimmed.
        Assert.Equal(0, attempts[0].GetProperty("trimmedTokens").GetInt32());
        int whole = attempts[0].GetProperty("countedInputTokens").GetInt32();
        Assert.True(whole + SummarizeWorkflow.Summary.MaxOutputTokens > FallbackWindow, "The untrimmed prompt would not fit the fallback.");

        // The fallback trimmed it to its own window, exactly, and recorded by how much.
        int trimmed = attempts[1].GetProperty("trimmedTokens").GetInt32();
        int counted = attempts[1].GetProperty("countedInputTokens").GetInt32();
        Assert.True(trimmed > 0);
        Assert.InRange(counted + SummarizeWorkflow.Summary.MaxOutputTokens, FallbackWindow - 1, FallbackWindow);
        Assert.Equal(whole - counted, trimmed);
        // The prompt on the record is the template, trimmed or not.
        Assert.Equal(PromptCatalog.SummarizeV1.ContentHash, Assert.Single(run.GetProperty("prompts").EnumerateArray()).GetProperty("sha256").GetString());

        SimulatedRequest[] sent = [.. _fixture.Simulator.Requests];
        Assert.Equal(["gpt-4o:429", "gpt-4o-mini:200"], sent.Select(r => $"{r.Deployment}:{r.StatusCode}"));
        Assert.Equal(whole, sent[0].PromptTokens);
        Assert.Equal(counted, sent[1].PromptTokens);
        Assert.True(sent[1].PromptTokens + sent[1].MaxOutputTokens <= FallbackWindow);
    }

    [Fact]
    public async Task TheSimulatorRefusesWhatDoesNotFitAsTheProviderWould()
    {
        // The catalog says 600, the deployment takes less: the trimmed request reaches it and is refused as
        // context_length_exceeded, which the gateway records as ContextTooLong.
        _fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { Fault = SimulatedFault.RateLimited, RetryAfterSeconds = 30 });
        _fixture.Simulator.Configure("gpt-4o-mini", new DeploymentBehavior { ContextWindow = FallbackWindow - 100 });

        JsonElement run = await RunAsync("user-trim-refused");

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["primary:RateLimited", "fallback:ContextTooLong"],
            attempts.Select(a => $"{a.GetProperty("deployment").GetString()}:{a.GetProperty("outcome").GetString()}"));
        Assert.True(attempts[1].GetProperty("trimmedTokens").GetInt32() > 0);
        SimulatedRequest refused = _fixture.Simulator.Requests[^1];
        Assert.Equal(("gpt-4o-mini", 400, "context_length_exceeded"), (refused.Deployment, refused.StatusCode, refused.Error));
    }

    [Fact]
    public void TheSummarizeStepKeepsTheHeadAndTheTailOfItsText()
    {
        Assert.Equal(new TrimPolicy("text", TrimStrategy.HeadAndTail), SummarizeWorkflow.Summary.Trim);
    }

    private async Task<JsonElement> RunAsync(string userId)
    {
        using HttpResponseMessage accepted = await _fixture.StartRunAsync("summarize", new { userId, input = new { text = LongText } });
        accepted.EnsureSuccessStatusCode();
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await _fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
    }
}

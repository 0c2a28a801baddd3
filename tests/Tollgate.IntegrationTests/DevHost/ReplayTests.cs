using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Budgets;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Exact replay: a recorded replay re-runs the workflow code against the recorded model outputs, calling
/// and charging nothing; a live replay calls the models again; both say whether they match the original.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class ReplayTests(DevHostFixture fixture)
{
    // Each test (a new instance) has its own user, and its texts carry it, so only its own runs and requests are counted.
    private readonly string _user = OwnTraffic.Marker("replay");

    [Fact]
    public async Task ARecordedReplayReproducesTheRunWithoutCallingOrChargingAnything()
    {
        string text = $"Replays explain a run weeks later. {_user}";
        (string originalId, JsonElement original) = await CompletedRunAsync(text);
        BudgetState before = await Ledger.GetAsync(_user, CancellationToken.None);

        JsonElement replay = await ReplayAsync(originalId, "recorded");

        Assert.Equal("Completed", replay.GetProperty("status").GetString());
        Assert.Equal(originalId, replay.GetProperty("replayOf").GetString());
        Assert.Equal("Recorded", replay.GetProperty("replayMode").GetString());
        Assert.True(replay.GetProperty("matchesOriginal").GetBoolean());
        Assert.Equal(original.GetProperty("output").GetRawText(), replay.GetProperty("output").GetRawText());
        Assert.Equal(original.GetProperty("inputSha256").GetString(), replay.GetProperty("inputSha256").GetString());
        Assert.Equal(0m, replay.GetProperty("cost").GetProperty("total").GetDecimal());
        JsonElement attempt = Assert.Single(replay.GetProperty("attempts").EnumerateArray().ToArray());
        JsonElement recorded = original.GetProperty("attempts")[0];
        Assert.Equal($"{originalId}/{recorded.GetProperty("callId").GetString()}/1", attempt.GetProperty("replayedFrom").GetString());
        Assert.Equal(1, fixture.Simulator.RequestsFor(text));
        Assert.Equal(before, await Ledger.GetAsync(_user, CancellationToken.None));
    }

    [Fact]
    public async Task ALiveReplayCallsTheModelAgainAndComparesTheOutput()
    {
        string text = $"Live replays re-execute and diff. {_user}";
        (string originalId, _) = await CompletedRunAsync(text);

        JsonElement replay = await ReplayAsync(originalId, "live");

        Assert.Equal("Completed", replay.GetProperty("status").GetString());
        Assert.Equal("Live", replay.GetProperty("replayMode").GetString());
        Assert.True(replay.GetProperty("matchesOriginal").GetBoolean(), "The simulator is deterministic, so a live replay matches.");
        Assert.Equal(2, fixture.Simulator.RequestsFor(text));
        Assert.True(replay.GetProperty("cost").GetProperty("total").GetDecimal() > 0m);
        Assert.Null(replay.GetProperty("attempts")[0].GetProperty("replayedFrom").GetString());
    }

    [Fact]
    public async Task ARecordedReplayRefusesToAnswerWhenThePromptTextChangedSinceTheRecording()
    {
        string text = $"Prompt drift must not pass unnoticed. {_user}";
        (string originalId, JsonElement original) = await CompletedRunAsync(text);
        // Make the recording look as if it was made with other prompt text than today's code sends.
        TableClient runs = Azurite.Table(fixture.RunsTable);
        string rowKey = $"attempt|{original.GetProperty("attempts")[0].GetProperty("callId").GetString()}|001";
        TableEntity attempt = (await runs.GetEntityAsync<TableEntity>(originalId, rowKey)).Value;
        attempt["PromptSha256"] = new string('0', 64);
        await runs.UpdateEntityAsync(attempt, attempt.ETag, TableUpdateMode.Replace);

        JsonElement replay = await ReplayAsync(originalId, "recorded");

        Assert.Equal("Failed", replay.GetProperty("status").GetString());
        Assert.False(replay.GetProperty("matchesOriginal").GetBoolean());
        Assert.Contains("prompt changed since the recording", replay.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, fixture.Simulator.RequestsFor(text));
    }

    [Theory]
    [InlineData("""{"mode":"sideways"}""")]
    [InlineData("""{"mode":"recorded","extra":1}""")]
    [InlineData("""{}""")]
    [InlineData("""not json""")]
    public async Task ABadReplayRequestIs400(string body)
    {
        (string originalId, _) = await CompletedRunAsync($"Bad replay requests change nothing. {_user}");

        using HttpResponseMessage response = await fixture.Http.PostAsync($"api/runs/{originalId}/replay",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await fixture.CountInstancesMentioningAsync(_user)); // the original's only
    }

    [Fact]
    public async Task ReplayingAnUnknownRunIs404()
    {
        using HttpResponseMessage response = await fixture.Http.PostAsJsonAsync("api/runs/0123456789abcdef0123456789abcdef/replay", new { mode = "recorded" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ARunWhoseInputWasTooLargeToKeepCannotBeReplayed()
    {
        (string originalId, _) = await CompletedRunAsync(new string('x', 20_000));

        using HttpResponseMessage response = await fixture.Http.PostAsJsonAsync($"api/runs/{originalId}/replay", new { mode = "recorded" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.EndsWith("cannot-replay", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    private BudgetLedger Ledger => fixture.Host.App.Services.GetRequiredService<BudgetLedger>();

    private async Task<(string RunId, JsonElement Run)> CompletedRunAsync(string text)
    {
        using HttpResponseMessage accepted = await fixture.StartRunAsync("summarize", new { userId = _user, input = new { text } });
        accepted.EnsureSuccessStatusCode();
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        JsonElement run = await fixture.WaitForRunAsync(runId);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        return (runId, run);
    }

    private async Task<JsonElement> ReplayAsync(string runId, string mode)
    {
        using HttpResponseMessage accepted = await fixture.Http.PostAsJsonAsync($"api/runs/{runId}/replay", new { mode });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string replayId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        Assert.NotEqual(runId, replayId);
        return await fixture.WaitForRunAsync(replayId);
    }
}

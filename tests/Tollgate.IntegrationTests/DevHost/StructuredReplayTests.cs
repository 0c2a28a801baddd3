using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Recorded replays of structured workflows: each step's calls are answered from that step's recorded answers, and a
/// recorded answer that the schema sent today refuses is reported, not passed off as today's result.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class StructuredReplayTests(DevHostFixture fixture)
{
    private readonly string _user = OwnTraffic.Marker("sreplay");

    [Fact]
    public async Task ARecordedReplayOfEnrichLeadAnswersEachStepFromItsOwnRecording()
    {
        string notes = $"Priya runs a two-person bakery in Lyon and wants online ordering. {_user}";
        JsonElement original = await fixture.RunAsync("enrich-lead", _user, new { notes });
        Assert.Equal("Completed", original.Text("status"));
        int requests = fixture.Simulator.Requests.Count;

        JsonElement replay = await ReplayAsync(original.Text("runId")!);

        Assert.Equal("Completed", replay.Text("status"));
        Assert.True(replay.GetProperty("matchesOriginal").GetBoolean());
        Assert.True(WorkflowRuns.SameJson(original.GetProperty("output").GetRawText(), replay.GetProperty("output").GetRawText()));
        Assert.Equal(
            original.Attempts().Select(a => $"{original.Text("runId")}/{a.Text("callId")}/{a.GetProperty("attempt").GetInt32()}"),
            replay.Attempts().Select(a => a.Text("replayedFrom")));
        Assert.Equal(["extract", "profile"], replay.Attempts().Select(a => a.Text("step")));
        Assert.Equal(0m, replay.Cost());
        Assert.Equal(requests, fixture.Simulator.Requests.Count);
    }

    [Fact]
    public async Task ARecordedAnswerTheSchemaSentTodayRefusesIsNotPassedOffAsTheResult()
    {
        string text = $"Nothing loads after the update. {_user}";
        JsonElement original = await fixture.RunAsync("classify", _user, new { text });
        Assert.Equal("Completed", original.Text("status"));
        // Make the recording look as if it was made when "weather" was a category: today's categories do not have it.
        TableClient runs = Azurite.Table(fixture.RunsTable);
        string originalId = original.Text("runId")!;
        TableEntity attempt = (await runs.GetEntityAsync<TableEntity>(originalId, $"attempt|{original.Attempts()[0].Text("callId")}|001")).Value;
        using (JsonDocument answer = JsonDocument.Parse(attempt.GetString("Output")))
        {
            var changed = answer.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
            changed["category"] = JsonSerializer.SerializeToElement("weather");
            attempt["Output"] = JsonSerializer.Serialize(changed);
        }

        await runs.UpdateEntityAsync(attempt, attempt.ETag, TableUpdateMode.Replace);
        int requests = fixture.Simulator.Requests.Count;

        JsonElement replay = await ReplayAsync(originalId);

        Assert.Equal("Failed", replay.Text("status"));
        Assert.False(replay.GetProperty("matchesOriginal").GetBoolean());
        Assert.Contains("/category", replay.Text("error"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, replay.GetProperty("output").ValueKind);
        Assert.Equal(["primary:Rejected"], replay.Path());
        Assert.Equal(requests, fixture.Simulator.Requests.Count);
        Assert.Equal(0m, replay.Cost());
    }

    private async Task<JsonElement> ReplayAsync(string runId)
    {
        using HttpResponseMessage accepted = await fixture.Http.PostAsJsonAsync($"api/runs/{runId}/replay", new { mode = "recorded" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string replayId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await fixture.WaitForRunAsync(replayId);
    }
}

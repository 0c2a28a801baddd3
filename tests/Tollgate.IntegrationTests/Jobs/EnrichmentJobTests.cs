using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Storage;
using Tollgate.Workflows;

namespace Tollgate.IntegrationTests.Jobs;

/// <summary>
/// Enrichment jobs end to end on the DevHost (Kestrel, Azurite, the Azure Storage durable backend, the simulator): items
/// posted over HTTP, an occurrence fired from outside, every item enriched exactly once as a run of its own, a second
/// fire that starts nothing, a ceiling that stops the job, and bad bodies that change nothing.
/// </summary>
public sealed class EnrichmentJobTests(JobsDevHost host) : IClassFixture<JobsDevHost>
{
    private DevHostFixture Fixture => host.Host;

    private static string Leads(string marker, int count) =>
        string.Join('\n', Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new
        {
            notes = $"Met lead {i} ({marker}): CTO of Company {i} Logistics, about {100 + i} people in Rotterdam. Wants to cut manual triage.",
        })));

    private Task<HttpResponseMessage> PostItemsAsync(string job, string body, string contentType = "application/x-ndjson") =>
        Fixture.Http.PostAsync($"api/jobs/{job}/items", new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)));

    private Task<HttpResponseMessage> FireAsync(string job, string occurrence) =>
        Fixture.Http.PostAsJsonAsync($"api/jobs/{job}/runs", new { occurrence });

    private async Task<JsonElement> WaitForJobAsync(string job, string occurrence)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            JsonElement run = await Fixture.Http.GetFromJsonAsync<JsonElement>($"api/jobs/{job}/runs/{occurrence}");
            if (run.GetProperty("status").GetString() is "Completed" or "Failed" or "Terminated")
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                // Say where it stood, and what the engine holds, rather than only that it took too long.
                var instances = new List<string>();
                await foreach (OrchestrationMetadata instance in Fixture.Durable.GetAllInstancesAsync(new OrchestrationQuery()))
                {
                    instances.Add($"{instance.Name} {instance.InstanceId} {instance.RuntimeStatus}");
                }

                Assert.Fail($"The job did not end: {run}; instances: {string.Join("; ", instances)}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<List<TableEntity>> ItemsAsync(string job)
    {
        TableClient table = Azurite.Table(Fixture.TablePrefix + TollgateTables.JobItemsName);
        return await table.QueryAsync<TableEntity>(e => e.PartitionKey == job).ToListAsync();
    }

    private async Task<int> WorkflowInstancesAsync()
    {
        int count = 0;
        await foreach (OrchestrationMetadata instance in Fixture.Durable.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            count += instance.Name == WorkflowOrchestrator.Name ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public async Task AJobEnrichesEachItemExactlyOnceAndASecondFireStartsNothing()
    {
        string marker = OwnTraffic.Marker("job");
        int requestsBefore = Fixture.Simulator.Requests.Count;
        int runsBefore = await WorkflowInstancesAsync();

        HttpResponseMessage posted = await PostItemsAsync("leads", Leads(marker, 20) + "\n{\"notes\": 7}\n");
        JsonElement added = await posted.Content.ReadFromJsonAsync<JsonElement>();
        HttpResponseMessage reposted = await PostItemsAsync("leads", Leads(marker, 20));

        Assert.Equal(HttpStatusCode.MultiStatus, posted.StatusCode);
        Assert.Equal(20, added.GetProperty("added").GetInt32());
        Assert.Equal(22, added.GetProperty("errors")[0].GetProperty("line").GetInt32() + 1);
        Assert.Equal("input.notes", added.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(0, (await reposted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());

        HttpResponseMessage fired = await FireAsync("leads", "2027-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        // While it runs, another occurrence of the job does not start beside it (it would have a ceiling of its own).
        HttpResponseMessage overlapping = await FireAsync("leads", "2028-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.Conflict, overlapping.StatusCode);
        Assert.Contains("20270101T000000Z", await overlapping.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        JsonElement done = await WaitForJobAsync("leads", "20270101T000000Z");

        Assert.True(done.GetProperty("status").GetString() == "Completed", done.ToString());
        Assert.Equal((20, 0, 0), (done.GetProperty("itemsDone").GetInt32(), done.GetProperty("itemsFailed").GetInt32(), done.GetProperty("itemsPending").GetInt32()));
        Assert.False(done.GetProperty("stoppedOnCeiling").GetBoolean());
        List<TableEntity> items = await ItemsAsync("leads");
        Assert.All(items, i => Assert.Equal("Succeeded", i.GetString("Status")));
        Assert.All(items, i => Assert.Contains("industry", i.GetString("Output"), StringComparison.Ordinal));
        Assert.Equal(20, items.Select(i => i.GetString("RunId")).Distinct().Count());
        decimal cost = items.Sum(i => TableMoney.Parse(i.GetString("Cost")));
        Assert.True(cost > 0);
        Assert.Equal(cost, done.GetProperty("cost").GetDecimal());

        // Each item is a real run with its own record; enrich-lead makes two model calls.
        foreach (TableEntity item in items)
        {
            JsonElement run = await Fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{item.GetString("RunId")}");
            Assert.Equal(("Completed", "job-leads", 2), (run.GetProperty("status").GetString(), run.GetProperty("userId").GetString(),
                run.GetProperty("attempts").GetArrayLength()));
        }

        Assert.Equal(20, await WorkflowInstancesAsync() - runsBefore);
        Assert.Equal(40, Fixture.Simulator.Requests.Count - requestsBefore);

        // The same occurrence again: 200 with the finished run, nothing started. Another occurrence finds nothing pending.
        HttpResponseMessage again = await FireAsync("leads", "20270101T000000Z");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(20, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemsDone").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, (await FireAsync("leads", "2028-01-01T00:00:00Z")).StatusCode);
        JsonElement next = await WaitForJobAsync("leads", "20280101T000000Z");
        Assert.Equal((0, 0), (next.GetProperty("itemsDone").GetInt32(), next.GetProperty("itemsPending").GetInt32()));
        Assert.Equal(40, Fixture.Simulator.Requests.Count - requestsBefore);
        Assert.Equal(20, await WorkflowInstancesAsync() - runsBefore);
    }

    [Fact]
    public async Task AJobStopsBeforeItsCeilingAndLeavesTheRestPending()
    {
        string marker = OwnTraffic.Marker("cap");
        Assert.Equal(HttpStatusCode.OK, (await PostItemsAsync("capped", "notes\n" + string.Join('\n', Enumerable.Range(0, 12).Select(i =>
            $"\"Lead {i} ({marker}), VP Sales at Firm {i}, 50 people, Lisbon\"")) + "\n", "text/csv")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await FireAsync("capped", "2027-01-01T00:00:00Z")).StatusCode);
        JsonElement done = await WaitForJobAsync("capped", "20270101T000000Z");

        Assert.True(done.GetProperty("stoppedOnCeiling").GetBoolean(), done.ToString());
        int ran = done.GetProperty("itemsDone").GetInt32() + done.GetProperty("itemsFailed").GetInt32();
        Assert.InRange(ran, 1, 11);
        Assert.Equal(12 - ran, done.GetProperty("itemsPending").GetInt32());
        Assert.True(done.GetProperty("cost").GetDecimal() <= 0.105m);
        List<TableEntity> items = await ItemsAsync("capped");
        Assert.Equal(12 - ran, items.Count(i => i.GetString("Status") == "Pending"));
        Assert.Equal(ran, items.Count(i => i.GetString("Status") == "Succeeded"));
    }

    [Fact]
    public async Task BadItemBodiesAndBadFiresGetAClearAnswerAndChangeNothing()
    {
        int rows = (await ItemsAsync("leads")).Count;
        int requests = Fixture.Simulator.Requests.Count;

        HttpResponseMessage unknown = await PostItemsAsync("no-such-job", "{\"notes\":\"x\"}");
        HttpResponseMessage json = await PostItemsAsync("leads", "{\"notes\":\"x\"}", "application/json");
        HttpResponseMessage unterminated = await PostItemsAsync("leads", "notes\n\"fine\"\n\"never closed\nmore\n", "text/csv");
        HttpResponseMessage noHeader = await PostItemsAsync("leads", "", "text/csv");
        HttpResponseMessage allBad = await PostItemsAsync("leads", "{\"notes\":1}\nnot json\n");
        HttpResponseMessage manyBad = await PostItemsAsync("leads", string.Concat(Enumerable.Repeat("x\n", 5_000)));
        HttpResponseMessage tooLarge = await PostItemsAsync("leads", new string(' ', 5 * 1024 * 1024));
        HttpResponseMessage offSchedule = await FireAsync("leads", "2027-01-01T00:00:01Z");
        HttpResponseMessage badOccurrence = await FireAsync("leads", "tomorrow");
        HttpResponseMessage noRun = await Fixture.Http.GetAsync("api/jobs/leads/runs/20300101T000000Z");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unterminated.StatusCode);
        Assert.Contains("opened on line 3", await unterminated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", unterminated.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, noHeader.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, allBad.StatusCode);
        string allBadText = await allBad.Content.ReadAsStringAsync();
        Assert.Contains("line 1", allBadText, StringComparison.Ordinal);
        Assert.Contains("line 2", allBadText, StringComparison.Ordinal);
        // 5,000 bad lines: the answer names the first 100, not all of them.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, manyBad.StatusCode);
        JsonElement manyErrors = (await manyBad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(100, manyErrors.EnumerateObject().Count());
        Assert.True(manyErrors.TryGetProperty("line 100", out _));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, offSchedule.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badOccurrence.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noRun.StatusCode);

        Assert.Equal(rows, (await ItemsAsync("leads")).Count);
        Assert.Equal(requests, Fixture.Simulator.Requests.Count);
        Assert.Equal(0, await Fixture.CountInstancesMentioningAsync("20270101T000001Z"));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Tollgate.DevHost;
using Tollgate.DevHost.Durable;
using Tollgate.ModelSimulator;
using Tollgate.Workflows;

namespace Tollgate.Benchmarks;

/// <summary>
/// An enrichment job from outside, on the DevHost (Azurite, Azure Storage backend, simulator at a fixed latency per
/// call): posts the items, fires one occurrence, waits for it, checks every item ran exactly once (one run each, two
/// model calls each for enrich-lead) and that a second fire starts nothing, and prints the duration beside the ideal:
/// items ÷ parallelism × the workflow's own model latency (two sequential calls).
/// </summary>
internal static class JobBenchmark
{
    public static async Task<int> RunAsync(int items, int parallelism, int latency)
    {
        string hub = "benchjob" + Guid.NewGuid().ToString("N")[..8];
        await using DevHostApplication host = await DevHostApplication.CreateAsync([
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Tollgate:Storage:TablePrefix=" + hub,
            "--TaskHubName=" + hub,
            $"--{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.DeleteTaskHubOnStop)}=true",
            "--Tollgate:Budgets:DefaultMonthlyLimit=1000",
            "--Tollgate:Jobs:bench:Schedule=0 0 0 1 1 *",
            "--Tollgate:Jobs:bench:Workflow=enrich-lead",
            "--Tollgate:Jobs:bench:UserId=bench-job",
            $"--Tollgate:Jobs:bench:Parallelism={parallelism}",
            "--Tollgate:Jobs:bench:CostCeiling=1000",
        ]);
        await host.StartAsync();
        ModelSimulatorServer simulator = host.Simulator ?? throw new InvalidOperationException("The benchmark needs the DevHost's simulator.");
        simulator.Configure("gpt-4o", new DeploymentBehavior { LatencyMilliseconds = latency });
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        string body = string.Join('\n', Enumerable.Range(0, items).Select(i => JsonSerializer.Serialize(new
        {
            notes = $"Met lead {i}: Dana Ruiz, CTO of Northwind {i} Logistics (about {100 + i} people, Rotterdam). Wants to cut manual triage.",
        })));
        long posting = Stopwatch.GetTimestamp();
        using HttpResponseMessage posted = await http.PostAsync("api/jobs/bench/items", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        JsonElement added = await posted.Content.ReadFromJsonAsync<JsonElement>();
        TimeSpan postTime = Stopwatch.GetElapsedTime(posting);
        int requestsBefore = simulator.Requests.Count;

        long started = Stopwatch.GetTimestamp();
        using HttpResponseMessage fired = await http.PostAsJsonAsync("api/jobs/bench/runs", new { occurrence = "2027-01-01T00:00:00Z" });
        JsonElement run;
        while (true)
        {
            run = await http.GetFromJsonAsync<JsonElement>("api/jobs/bench/runs/20270101T000000Z");
            if (run.GetProperty("status").GetString() is "Completed" or "Failed" or "Terminated")
            {
                break;
            }

            await Task.Delay(250);
        }

        TimeSpan wall = Stopwatch.GetElapsedTime(started);
        using HttpResponseMessage again = await http.PostAsJsonAsync("api/jobs/bench/runs", new { occurrence = "2027-01-01T00:00:00Z" });
        await Task.Delay(2000); // anything a second fire had started would have called the simulator by now
        int modelCalls = simulator.Requests.Count - requestsBefore;
        int okCalls = simulator.Requests.Skip(requestsBefore).Count(r => r.StatusCode == 200);
        int runs = 0;
        await foreach (OrchestrationMetadata instance in host.DurableClient.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            runs += instance.Name == WorkflowOrchestrator.Name ? 1 : 0;
        }

        DateTimeOffset from = run.GetProperty("startedAt").GetDateTimeOffset();
        DateTimeOffset to = run.GetProperty("finishedAt").GetDateTimeOffset();
        double seconds = (to - from).TotalSeconds;
        double ideal = (double)items / parallelism * (2 * latency) / 1000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"items posted: {added.GetProperty("added").GetInt32()} in {postTime.TotalSeconds:F2} s (HTTP {(int)posted.StatusCode})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"job: {run.GetProperty("status").GetString()}, done {run.GetProperty("itemsDone").GetInt32()}, failed {run.GetProperty("itemsFailed").GetInt32()}, pending {run.GetProperty("itemsPending").GetInt32()}, cost {run.GetProperty("cost").GetDecimal()} USD"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"exactly once: {runs} workflow runs for {items} items; {modelCalls} model calls ({okCalls} answered 200) for {2 * items} expected; second fire answered {(int)again.StatusCode} ({(again.StatusCode == HttpStatusCode.OK ? "nothing started" : "STARTED AGAIN")})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"duration (job startedAt → finishedAt): {seconds:F1} s; fire → Completed seen by the client: {wall.TotalSeconds:F1} s; ideal {items} ÷ {parallelism} × {2 * latency} ms = {ideal:F1} s; ratio {seconds / ideal:F2}× (goal ≤ 1.5×); {items / seconds:F1} items/s"));
        return runs == items && okCalls == 2 * items && again.StatusCode == HttpStatusCode.OK ? 0 : 1;
    }
}

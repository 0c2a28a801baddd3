using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.DevHost;
using Tollgate.DevHost.Durable;
using Tollgate.ModelSimulator;

namespace Tollgate.Benchmarks;

/// <summary>
/// Concurrency of the DevHost: N summarize runs started at once, for each durable backend, simulated model
/// latency and user mix, measured from the run records (server-side createdAt → completedAt).
/// </summary>
internal static class LoadBenchmark
{
    private static readonly int[] Counts = [1, 10, 100];
    private static readonly int[] LatenciesMs = [0, 200];
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(DurableBackend[] backends)
    {
        Console.WriteLine("| backend | model latency | runs at once | users | completed | all ended in | runs/s | p50 run | p90 run |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (DurableBackend backend in backends)
        {
            foreach (int latency in LatenciesMs)
            {
                await using DevHostApplication host = await StartAsync(backend);
                ModelSimulatorServer simulator = host.Simulator ?? throw new InvalidOperationException("The benchmark needs the DevHost's simulator.");
                simulator.Configure("gpt-4o", new DeploymentBehavior { LatencyMilliseconds = latency });
                using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = Deadline };
                await StartAllAsync(http, 1, oneUser: false); // warm-up: JIT, connections, tables, partitions
                foreach (int count in Counts)
                {
                    foreach (bool oneUser in count == 1 ? [false] : new[] { false, true })
                    {
                        Result result = await StartAllAsync(http, count, oneUser);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {backend} | {latency} ms | {count} | {(oneUser ? "one" : "distinct")} | {result.Completed}/{count} | {result.AllEnded.TotalSeconds:F2} s | {count / result.AllEnded.TotalSeconds:F1} | {result.P50:F0} ms | {result.P90:F0} ms |"));
                    }
                }
            }
        }

        return 0;
    }

    private static async Task<DevHostApplication> StartAsync(DurableBackend backend)
    {
        string hub = "bench" + Guid.NewGuid().ToString("N")[..8];
        DevHostApplication host = await DevHostApplication.CreateAsync([
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Tollgate:Storage:TablePrefix=" + hub,
            "--TaskHubName=" + hub,
            $"--{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.Backend)}={backend}",
            $"--{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.DeleteTaskHubOnStop)}=true",
        ]);
        await host.StartAsync();
        return host;
    }

    private static async Task<Result> StartAllAsync(HttpClient http, int count, bool oneUser)
    {
        string batch = Guid.NewGuid().ToString("N")[..8];
        string[] runIds = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            string user = oneUser ? $"bench-{batch}" : $"bench-{batch}-{i}";
            using HttpResponseMessage accepted = await http.PostAsJsonAsync("api/workflows/summarize/runs",
                new { userId = user, input = new { text = $"Load run {i} of {count}: Tollgate counts, caps, budgets and records every model call." } });
            accepted.EnsureSuccessStatusCode();
            return (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        }));

        var ended = new Dictionary<string, JsonElement>();
        var clock = Stopwatch.StartNew();
        while (ended.Count < count && clock.Elapsed < Deadline)
        {
            foreach (string runId in runIds.Where(id => !ended.ContainsKey(id)))
            {
                JsonElement run = await http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}");
                if (run.GetProperty("status").GetString() is not ("Pending" or "Running"))
                {
                    ended[runId] = run;
                }
            }

            await Task.Delay(100);
        }

        JsonElement[] runs = [.. ended.Values];
        DateTimeOffset first = runs.Min(r => r.GetProperty("createdAt").GetDateTimeOffset());
        DateTimeOffset last = runs.Max(r => r.GetProperty("completedAt").GetDateTimeOffset());
        double[] durations = [.. runs.Select(r => r.GetProperty("durationMs").GetDouble()).Order()];
        return new Result(runs.Count(r => r.GetProperty("status").GetString() == "Completed"), last - first,
            Percentile(durations, 0.5), Percentile(durations, 0.9));
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];

    private sealed record Result(int Completed, TimeSpan AllEnded, double P50, double P90);
}

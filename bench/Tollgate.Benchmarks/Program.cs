using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.AI.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Tollgate.Benchmarks;
using Tollgate.DevHost;
using Tollgate.DevHost.Durable;
using Tollgate.ModelSimulator;
using Tollgate.Models;
using Tollgate.Runs;
using Tollgate.Workflows.Classify;

// End-to-end latency of summarize runs on the DevHost (Azurite + in-process durable host + simulator with
// zero latency), beside a baseline measured in the same process: the bare SDK call to the same simulator.
// Then the response cache: a classify run sent to the model (Cache-Control: no-cache) beside the same run answered
// from the cache, alternating in the same loop, with what each cost and how long the gateway spent on the attempt.
// Usage: dotnet run -c Release --project bench/Tollgate.Benchmarks -- [runs=20]   (Azurite must be running;
// scripts/bench.sh starts it).
// Load: dotnet run -c Release --project bench/Tollgate.Benchmarks -- load [AzureStorage,InMemory]
// Job: dotnet run -c Release --project bench/Tollgate.Benchmarks -- job [items=1000] [parallelism=32] [latency-ms=200]
// Trimming: dotnet run -c Release --project bench/Tollgate.Benchmarks -- trim [calls=200]   (no Azurite needed)
if (args is ["trim", ..])
{
    return TrimBenchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
}

if (args is ["job", ..])
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    return await JobBenchmark.RunAsync(items: Arg(1, 1000), parallelism: Arg(2, 32), latency: Arg(3, 200));
}

if (args is ["load", ..])
{
    DurableBackend[] backends = args.Length > 1
        ? [.. args[1].Split(',').Select(Enum.Parse<DurableBackend>)]
        : [DurableBackend.InMemory, DurableBackend.AzureStorage];
    return await LoadBenchmark.RunAsync(backends);
}

int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
const string Text = "Tollgate counts, caps, budgets and records every model call, so cost and failure are explicit before production.";

await using DevHostApplication host = await DevHostApplication.CreateAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
    "--Tollgate:Storage:TablePrefix=bench"]);
await host.StartAsync();
using var http = new HttpClient { BaseAddress = host.BaseAddress };
ModelSimulatorServer simulator = host.Simulator ?? throw new InvalidOperationException("The benchmark needs the DevHost's simulator.");

ChatClient chat = new AzureOpenAIClient(simulator.BaseAddress, new ApiKeyCredential("bench")).GetChatClient("gpt-4o");
ChatMessage[] messages = [new SystemChatMessage("You summarise text."), new UserChatMessage(Text)];
var chatOptions = new ChatCompletionOptions { MaxOutputTokenCount = 256 };

// Warm-up: JIT, connection pools, table creation.
await chat.CompleteChatAsync(messages, chatOptions);
await RunOnceAsync();

var baseline = new List<double>();
var endToEnd = new List<double>();
for (int i = 0; i < runs; i++)
{
    long started = Stopwatch.GetTimestamp();
    await chat.CompleteChatAsync(messages, chatOptions);
    baseline.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    endToEnd.Add(await RunOnceAsync());
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs: {runs}"));
Report("baseline: SDK call to the simulator", baseline);
Report("summarize run end to end (POST to Completed)", endToEnd);

// The response cache, at the simulator's zero latency and at a latency closer to a real model's. In each pair the
// uncached run sends the call and stores its answer; the next, identical run is answered from that entry. The same
// pair is also timed one level down, as one gateway attempt (ModelGateway.AttemptAsync, the CallModel activity's
// body: render, count, replay checks, then either reserve + send + record + settle + store, or lookup + record),
// without the durable queues around it.
ModelGateway gateway = host.App.Services.GetRequiredService<ModelGateway>();
foreach (int latency in (int[])[0, 500])
{
    simulator.Configure("gpt-4o", new DeploymentBehavior { LatencyMilliseconds = latency });
    await ClassifyOnceAsync(bypassCache: true);
    await AttemptOnceAsync(bypassCache: true);
    var uncached = new List<ClassifyRun>();
    var cached = new List<ClassifyRun>();
    var uncachedAttempts = new List<double>();
    var cachedAttempts = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        uncached.Add(await ClassifyOnceAsync(bypassCache: true));
        cached.Add(await ClassifyOnceAsync(bypassCache: false));
        uncachedAttempts.Add(await AttemptOnceAsync(bypassCache: true));
        cachedAttempts.Add(await AttemptOnceAsync(bypassCache: false));
    }

    string model = string.Create(CultureInfo.InvariantCulture, $"[model latency {latency} ms]");
    ReportClassify($"{model} classify run, sent to the model (Cache-Control: no-cache)", uncached, "Succeeded");
    ReportClassify($"{model} classify run, answered from the cache", cached, "Cached");
    Report($"{model} one gateway attempt, sent to the model", uncachedAttempts);
    Report($"{model} one gateway attempt, answered from the cache", cachedAttempts);
}

return 0;

async Task<ClassifyRun> ClassifyOnceAsync(bool bypassCache)
{
    long started = Stopwatch.GetTimestamp();
    using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows/classify/runs")
    {
        Content = JsonContent.Create(new { userId = "bench", input = new { text = Text } }),
    };
    if (bypassCache)
    {
        request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");
    }

    using HttpResponseMessage accepted = await http.SendAsync(request);
    accepted.EnsureSuccessStatusCode();
    string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
    while (true)
    {
        JsonElement run = await http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}");
        if (run.GetProperty("status").GetString() == "Completed")
        {
            double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            JsonElement attempt = run.GetProperty("attempts")[0];
            return new ClassifyRun(elapsed, attempt.GetProperty("outcome").GetString()!, attempt.GetProperty("latencyMs").GetInt64(),
                run.GetProperty("cost").GetProperty("total").GetDecimal(), attempt.GetProperty("reserved").GetDecimal());
        }

        await Task.Delay(5);
    }
}

async Task<double> AttemptOnceAsync(bool bypassCache)
{
    var request = new ModelAttemptRequest(RunIds.New(TimeProvider.System), "bench", "call", 1, ClassifyWorkflow.Classification.Name, "classify", 1,
        new Dictionary<string, string> { ["text"] = Text, ["categories"] = string.Join(", ", ClassifySettings.DefaultCategories) },
        ClassifyWorkflow.Classification.MaxOutputTokens, ClassifyWorkflow.Classification.MinOutputTokens,
        Output: ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", [.. ClassifySettings.DefaultCategories]),
        Workflow: "classify", Cache: ClassifyWorkflow.Classification.Cache, BypassCache: bypassCache);
    long started = Stopwatch.GetTimestamp();
    ModelAttemptResult result = await gateway.AttemptAsync(request, CancellationToken.None);
    double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    AttemptOutcome expected = bypassCache ? AttemptOutcome.Succeeded : AttemptOutcome.Cached;
    return result.Outcome == expected ? elapsed : throw new InvalidOperationException($"Expected {expected}, got {result.Outcome}.");
}

static void ReportClassify(string name, List<ClassifyRun> samples, string expectedOutcome)
{
    if (samples.Any(s => s.Outcome != expectedOutcome))
    {
        throw new InvalidOperationException($"{name}: expected every attempt to be {expectedOutcome}, got {string.Join(", ", samples.Select(s => s.Outcome).Distinct())}.");
    }

    Report(name, [.. samples.Select(s => s.EndToEndMilliseconds)]);
    Report($"  gateway time of its attempt ({expectedOutcome})", [.. samples.Select(s => (double)s.AttemptMilliseconds)]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  cost per run: {samples.Average(s => s.Cost):0.000000} USD (min {samples.Min(s => s.Cost)}, max {samples.Max(s => s.Cost)}); reserved per run: {samples.Average(s => s.Reserved):0.000000} USD"));
}

async Task<double> RunOnceAsync()
{
    long started = Stopwatch.GetTimestamp();
    using HttpResponseMessage accepted = await http.PostAsJsonAsync("api/workflows/summarize/runs", new { userId = "bench", input = new { text = Text } });
    accepted.EnsureSuccessStatusCode();
    string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
    while (true)
    {
        JsonElement run = await http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}");
        if (run.GetProperty("status").GetString() == "Completed")
        {
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        await Task.Delay(5);
    }
}

static void Report(string name, List<double> samples)
{
    double[] sorted = [.. samples.Order()];
    double Percentile(double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: median {Percentile(0.5):F1} ms, p90 {Percentile(0.9):F1} ms, min {sorted[0]:F1} ms, max {sorted[^1]:F1} ms"));
}

/// <summary>One classify run as the benchmark saw it: end to end, the attempt's outcome and gateway time, and its cost.</summary>
internal sealed record ClassifyRun(double EndToEndMilliseconds, string Outcome, long AttemptMilliseconds, decimal Cost, decimal Reserved);

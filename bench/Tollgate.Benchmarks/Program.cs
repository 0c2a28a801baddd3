using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.AI.OpenAI;
using OpenAI.Chat;
using Tollgate.Benchmarks;
using Tollgate.DevHost;
using Tollgate.DevHost.Durable;
using Tollgate.ModelSimulator;

// End-to-end latency of summarize runs on the DevHost (Azurite + in-process durable host + simulator with
// zero latency), beside a baseline measured in the same process: the bare SDK call to the same simulator.
// Usage: dotnet run -c Release --project bench/Tollgate.Benchmarks -- [runs=20]   (Azurite must be running;
// scripts/bench.sh starts it).
// Load: dotnet run -c Release --project bench/Tollgate.Benchmarks -- load [AzureStorage,InMemory]
// Trimming: dotnet run -c Release --project bench/Tollgate.Benchmarks -- trim [calls=200]   (no Azurite needed)
if (args is ["trim", ..])
{
    return TrimBenchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
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
return 0;

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

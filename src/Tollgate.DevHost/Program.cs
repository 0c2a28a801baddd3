using Microsoft.Extensions.Options;
using Tollgate.DevHost;
using Tollgate.DevHost.Durable;

await using DevHostApplication host = await DevHostApplication.CreateAsync(args);
await host.StartAsync();

Uri address = host.BaseAddress;
string models = host.Simulator is { } simulator ? $"model simulator on {simulator.BaseAddress}" : "configured endpoints";
string storage = string.IsNullOrEmpty(host.App.Configuration["Tollgate:Storage:ConnectionString"])
    ? "table endpoint (managed identity)"
    : "connection string (Azurite by default)";
DurableEngineOptions engine = host.App.Services.GetRequiredService<IOptions<DurableEngineOptions>>().Value;
string durable = engine.Backend == DurableBackend.AzureStorage
    ? $"Azure Storage backend, task hub {engine.TaskHubName} (runs survive a restart)"
    : "in-memory backend (runs are lost when the host stops)";
const string SampleBody = """{"userId":"dev-user","input":{"text":"Tollgate counts, caps, budgets and records every model call."}}""";

Console.WriteLine($"""

    Tollgate DevHost listening on {address}
      storage: {storage}
      models:  {models}
      durable: {durable}

    Start a run:
      curl -s -X POST {address}api/workflows/summarize/runs -H 'Content-Type: application/json' -d '{SampleBody}'
    Then read it (the runId is in the answer):
      curl -s {address}api/runs/<runId>

    Press Ctrl+C to stop.
    """);

await host.App.WaitForShutdownAsync();

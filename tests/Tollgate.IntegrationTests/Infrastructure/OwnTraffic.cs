using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Tollgate.ModelSimulator;
using Tollgate.Models;
using Tollgate.Prompts;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>
/// What one test caused on a DevHost it shares with other tests (<c>DevHostGroup</c>), whose runs may still
/// be in flight: its rows, orchestrations and model requests, found by the test's own user id or prompt text.
/// Global counts would move under other tests' runs.
/// </summary>
public static class OwnTraffic
{
    /// <summary>A marker no other test (or other test run) uses, for a user id or a prompt text.</summary>
    public static string Marker(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>The seed the gateway sends with the summarize prompt for <paramref name="text"/>: it identifies that prompt's requests.</summary>
    public static long SummarizeSeed(string text) =>
        ModelGateway.SeedOf(PromptCatalog.SummarizeV1.Render(new Dictionary<string, string> { ["text"] = text }));

    /// <summary>The seed the gateway sends with the classify prompt (v1, default categories) for <paramref name="text"/>.</summary>
    public static long ClassifySeed(string text) =>
        ModelGateway.SeedOf(PromptCatalog.Get("classify", 1).Render(new Dictionary<string, string>
        {
            ["text"] = text,
            ["categories"] = string.Join(", ", Tollgate.Workflows.Classify.ClassifySettings.DefaultCategories),
        }));

    /// <summary>How many requests the simulator received for the summarize prompt of <paramref name="text"/>.</summary>
    public static int RequestsFor(this ModelSimulatorServer simulator, string text)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        long seed = SummarizeSeed(text);
        return simulator.Requests.Count(r => r.Seed == seed);
    }

    /// <summary>All rows (run rows and their attempt rows) of the runs recorded for <paramref name="userId"/>.</summary>
    public static async Task<int> CountRowsOfUserAsync(this DevHostFixture fixture, string userId)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        TableClient table = Azurite.Table(fixture.RunsTable);
        await table.CreateIfNotExistsAsync();
        int count = 0;
        await foreach (TableEntity run in table.QueryAsync<TableEntity>(e => e.RowKey == "run" && e.GetString("UserId") == userId, select: ["PartitionKey"]))
        {
            string partition = run.PartitionKey;
            await foreach (TableEntity _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["PartitionKey"]))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Orchestration instances whose input names <paramref name="marker"/> (a user id or a text).</summary>
    public static async Task<int> CountInstancesMentioningAsync(this DevHostFixture fixture, string marker)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        int count = 0;
        await foreach (OrchestrationMetadata instance in fixture.Durable.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            if (instance.SerializedInput?.Contains(marker, StringComparison.Ordinal) == true)
            {
                count++;
            }
        }

        return count;
    }
}

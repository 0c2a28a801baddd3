using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Models;
using Tollgate.ModelSimulator;
using Tollgate.Prompts;
using Tollgate.Workflows.Classify;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>Starting a workflow run over HTTP and reading what it recorded, for the structured-workflow tests.</summary>
public static class WorkflowRuns
{
    /// <summary>Starts a run (which must be accepted with 202) and waits until it has ended.</summary>
    public static async Task<JsonElement> RunAsync(this DevHostFixture fixture, string workflow, string userId, object input)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        using HttpResponseMessage accepted = await fixture.StartRunAsync(workflow, new { userId, input });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
    }

    public static JsonElement[] Attempts(this JsonElement run) => [.. run.GetProperty("attempts").EnumerateArray()];

    public static decimal Cost(this JsonElement runOrAttempt) => runOrAttempt.GetProperty("cost").GetProperty("total").GetDecimal();

    public static string? Text(this JsonElement element, string property) => element.GetProperty(property).GetString();

    /// <summary>"deployment:outcome" for each attempt, with "+repair" on a repair attempt.</summary>
    public static string[] Path(this JsonElement run) =>
        [.. run.Attempts().Select(a => $"{a.Text("deployment")}:{a.Text("outcome")}" + (a.GetProperty("isRepair").GetBoolean() ? "+repair" : ""))];

    /// <summary>The seed the gateway sends with classify's prompt for <paramref name="text"/>: it identifies that prompt's requests.</summary>
    public static long ClassifySeed(string text, IReadOnlyList<string>? categories = null, int version = 1) =>
        ModelGateway.SeedOf(PromptCatalog.Get("classify", version).Render(new Dictionary<string, string>
        {
            ["text"] = text,
            ["categories"] = string.Join(", ", categories ?? ClassifySettings.DefaultCategories),
        }));

    /// <summary>The simulator's requests that carried <paramref name="seed"/>, in arrival order.</summary>
    public static SimulatedRequest[] RequestsWithSeed(this ModelSimulatorServer simulator, long seed)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        return [.. simulator.Requests.Where(r => r.Seed == seed)];
    }

    /// <summary>Whether two JSON values are equal as JSON (member order and formatting aside).</summary>
    public static bool SameJson(string? left, string? right) =>
        left is not null && right is not null && JsonNode.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right));
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Tollgate.DevHost;
using Tollgate.DevHost.Durable;
using Tollgate.Intake;
using Tollgate.ModelSimulator;
using Tollgate.Storage;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>
/// The DevHost as a person runs it — real Kestrel on a loopback port, real Azurite, the Durable Task Azure
/// Storage backend and the model simulator over HTTP — with tables, queues and a task hub of its own.
/// </summary>
public sealed class DevHostFixture : IAsyncLifetime
{
    /// <summary>The secret of the fixture's Standard Webhooks trigger <see cref="WebhookTrigger"/> (summarize; payload = a run request).</summary>
    public static readonly string WebhookSecret = "whsec_" + Convert.ToBase64String("tollgate-integration-test-secret"u8);

    /// <summary>The secret of the fixture's GitHub trigger <see cref="GitHubTrigger"/> (issues.opened → classify).</summary>
    public static readonly string GitHubSecret = "github-integration-test-secret-" + "5f1c";

    public const string WebhookTrigger = "summarize-hook";

    public const string GitHubTrigger = "github-issues";

    /// <summary>
    /// The triggers every fixture DevHost has: the Standard Webhooks trigger that replaced POST /api/webhooks/summarize
    /// (the payload is still a run request), and a GitHub trigger as the README shows it. The GitHub one is written as App
    /// Service would (github_issues) and served at /api/triggers/github-issues.
    /// </summary>
    public static Dictionary<string, string?> TriggerSettings() => new()
    {
        [$"Tollgate:Triggers:{WebhookTrigger}:Kind"] = "StandardWebhooks",
        [$"Tollgate:Triggers:{WebhookTrigger}:Secrets:0"] = WebhookSecret,
        [$"Tollgate:Triggers:{WebhookTrigger}:Workflow"] = "summarize",
        [$"Tollgate:Triggers:{WebhookTrigger}:Events"] = "*",
        [$"Tollgate:Triggers:{WebhookTrigger}:Input:text"] = "/input/text",
        [$"Tollgate:Triggers:{WebhookTrigger}:User"] = "/userId",
        ["Tollgate:Triggers:github_issues:Kind"] = "GitHub",
        ["Tollgate:Triggers:github_issues:Secrets:0"] = GitHubSecret,
        ["Tollgate:Triggers:github_issues:Workflow"] = "classify",
        ["Tollgate:Triggers:github_issues:Events"] = "issues.opened",
        ["Tollgate:Triggers:github_issues:Input:text:0"] = "/issue/title",
        ["Tollgate:Triggers:github_issues:Input:text:1"] = "/issue/body",
        ["Tollgate:Triggers:github_issues:User"] = "/repository/owner/login",
    };

    private DevHostApplication? _host;

    public string TablePrefix { get; } = Azurite.UniqueTablePrefix();

    public string RunsTable => TablePrefix + TollgateTables.RunsName;

    /// <summary>Prefix of this host's queues (queue names allow lower-case letters, digits and hyphens).</summary>
    public string QueuePrefix => QueuePrefixFor(TablePrefix);

    public DevHostApplication Host => _host ?? throw new InvalidOperationException("Not started.");

    public ModelSimulatorServer Simulator => Host.Simulator ?? throw new InvalidOperationException("The DevHost did not start the simulator.");

    public DurableTaskClient Durable => Host.DurableClient;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Extra host set-up, e.g. a logger provider that captures what the app logs.</summary>
    public Action<WebApplicationBuilder>? Configure { get; set; }

    /// <summary>Overrides applied on top of the DevHost's defaults (e.g. a tiny context window).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Azurite.EnsureRunning();
        var settings = new Dictionary<string, string?>(IsolationSettings(TablePrefix))
        {
            ["Tollgate:Storage:ConnectionString"] = Azurite.ConnectionString,
        };
        foreach ((string key, string? value) in TriggerSettings())
        {
            settings[key] = value;
        }

        foreach ((string key, string? value) in Settings)
        {
            settings[key] = value;
        }

        // A source of its own (not the indexer), so that an empty value overrides a DevHost default.
        _host = await DevHostApplication.CreateAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            Configure?.Invoke(builder);
        });
        await _host.StartAsync();
        Http = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await DeleteIsolatedStorageAsync(TablePrefix);
    }

    /// <summary>
    /// What keeps one DevHost apart from the others on a shared Azurite (this fixture's, or one in its own process):
    /// tables, queues and a task hub named after <paramref name="prefix"/>, the task hub deleted when the host stops.
    /// </summary>
    public static Dictionary<string, string?> IsolationSettings(string prefix) => new()
    {
        ["Tollgate:Storage:TablePrefix"] = prefix,
        [QueuePoller.QueuePrefixSetting] = QueuePrefixFor(prefix),
        [DurableEngineOptions.TaskHubNameSetting] = prefix,
        [$"{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.DeleteTaskHubOnStop)}"] = "true",
    };

    /// <summary>Deletes the tables and queues of <see cref="IsolationSettings"/> (the host deletes its task hub itself).</summary>
    public static async Task DeleteIsolatedStorageAsync(string prefix)
    {
        await Azurite.Table(prefix + TollgateTables.RunsName).DeleteAsync();
        await Azurite.Table(prefix + TollgateTables.BudgetsName).DeleteAsync();
        await Azurite.Table(prefix + TollgateTables.ResponseCacheName).DeleteAsync();
        await Azurite.Table(prefix + TollgateTables.RolloutRunsName).DeleteAsync();
        await Azurite.Table(prefix + TollgateTables.JobItemsName).DeleteAsync();
        await Azurite.Queue(QueuePrefixFor(prefix) + IntakeQueues.Requests).DeleteIfExistsAsync();
        await Azurite.Queue(QueuePrefixFor(prefix) + IntakeQueues.Poison).DeleteIfExistsAsync();
    }

    /// <summary>Queue names allow lower-case letters, digits and hyphens.</summary>
    private static string QueuePrefixFor(string prefix) => prefix + "-";

    public Task<HttpResponseMessage> StartRunAsync(string workflow, object body) =>
        Http.PostAsJsonAsync($"api/workflows/{workflow}/runs", body);

    /// <summary>Polls the public API until the run leaves Pending/Running.</summary>
    public async Task<JsonElement> WaitForRunAsync(string runId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            JsonElement run = await Http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}", cts.Token);
            string status = run.GetProperty("status").GetString()!;
            if (status is not ("Pending" or "Running"))
            {
                return run;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>How many orchestration instances the durable backend knows of.</summary>
    public async Task<int> CountInstancesAsync()
    {
        int count = 0;
        await foreach (OrchestrationMetadata _ in Durable.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            count++;
        }

        return count;
    }
}

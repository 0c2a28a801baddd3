using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Hosting;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>
/// The app's options (every settable leaf of <see cref="TollgateServiceCollectionExtensions.OptionsSections"/>)
/// against what configures them: the function app's settings in the compiled Bicep, the local settings output,
/// local.settings.sample.json and the docs. A setting nothing reads is ignored silently at run time; an option
/// nothing sets runs on its default in Azure. Both are allowed only when listed below with the reason.
/// </summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed partial class ConfigurationParityTests(CompiledTemplate template)
{
    /// <summary>
    /// Settings the Functions host, the platform or an SDK reads, not Tollgate's options. Only what the Bicep
    /// really sets: <see cref="Host_settings_listed_here_are_all_set_by_the_Bicep"/> keeps the list honest.
    /// </summary>
    private static readonly Dictionary<string, string> HostSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage__accountName"] = "identity-based host storage (and the Durable Azure Storage backend, connectionName AzureWebJobsStorage): the account",
        ["AzureWebJobsStorage__credential"] = "identity-based host storage: authenticate with a managed identity",
        ["AzureWebJobsStorage__clientId"] = "identity-based host storage: which managed identity (the user-assigned one)",
        ["TaskHubName"] = "host.json reads %TaskHubName% as the Durable task hub name",
        ["AZURE_CLIENT_ID"] = "DefaultAzureCredential picks the user-assigned identity for tables and Azure OpenAI",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "Azure Monitor exporter: where telemetry goes",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Azure Monitor exporter: Entra ID authentication of ingestion (local auth is off)",
    };

    /// <summary>Host settings of a local run only (Functions Core Tools and Azurite); Azure sets neither.</summary>
    private static readonly Dictionary<string, string> LocalOnlyHostSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "Core Tools needs it; Flex Consumption takes the runtime from functionAppConfig and refuses the setting",
        ["AzureWebJobsStorage"] = "connection-string form for Azurite; Azure uses the identity-based AzureWebJobsStorage__* form",
    };

    /// <summary>
    /// Options the function app leaves at their default (or unset), and why. Each must be explained in
    /// docs/deployment.md or README.md, and the Bicep must not set it (then it is no longer a default).
    /// </summary>
    private static readonly Dictionary<string, string> DocumentedDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Tollgate:Storage:ConnectionString"] = "local only (Azurite); Azure uses TableServiceUri with the managed identity",
        ["Tollgate:Storage:TablePrefix"] = "default empty: the deployed app owns its storage account's tables",
        ["Tollgate:Models:Deployments:<name>:ApiKey"] = "Azure OpenAI is called with the managed identity; the account has key auth disabled",
        ["Tollgate:Models:Deployments:<name>:RequestTimeout"] = "default 60 s per request",
        ["Tollgate:Callbacks:AllowedHosts:<name>"] = "no internal callback receiver is admitted until an operator lists one (README, Signed result callbacks)",
        ["Tollgate:Rollouts:<name>:Workflow"] = NoRollout,
        ["Tollgate:Rollouts:<name>:Step"] = NoRollout,
        ["Tollgate:Rollouts:<name>:Current"] = NoRollout,
        ["Tollgate:Rollouts:<name>:Candidate"] = NoRollout,
        ["Tollgate:Rollouts:<name>:Percentage"] = NoRollout,
        ["Tollgate:Rollouts:<name>:Salt"] = NoRollout,
        ["Tollgate:Triggers:<name>:Kind"] = NoTrigger,
        ["Tollgate:Triggers:<name>:Secrets:<name>"] = NoTrigger,
        ["Tollgate:Triggers:<name>:Workflow"] = NoTrigger,
        ["Tollgate:Triggers:<name>:Events:<name>"] = NoTrigger,
        ["Tollgate:Triggers:<name>:Input:<name>:<name>"] = NoTrigger,
        ["Tollgate:Triggers:<name>:User"] = NoTrigger,
        ["Tollgate:Triggers:<name>:UserId"] = NoTrigger,
        ["Tollgate:Triggers:<name>:CallbackUrl"] = NoTrigger,
        ["Tollgate:Jobs:<name>:Schedule"] = NoJob,
        ["Tollgate:Jobs:<name>:Workflow"] = NoJob,
        ["Tollgate:Jobs:<name>:UserId"] = NoJob,
        ["Tollgate:Jobs:<name>:Parallelism"] = NoJob,
        ["Tollgate:Jobs:<name>:CostCeiling"] = NoJob,
    };

    private const string NoTrigger = "no trigger is configured until an operator declares one (the triggers Bicep parameter; README, Triggers)";

    private const string NoJob = "no enrichment job is configured until an operator declares one (README, Enrichment jobs)";

    private const string NoRollout = "no rollout is configured until an operator starts one (README, Rollouts)";

    private static readonly string[] Docs = ["docs/deployment.md", "README.md"];

    /// <summary>
    /// Files that tell people which settings to set; every Tollgate key they name must be one the app reads: an options
    /// key, or a per-workflow key of a catalog workflow (<see cref="WorkflowSettingKeys"/>).
    /// </summary>
    private static readonly string[] FilesNamingSettings =
        ["docs/deployment.md", "README.md", "docs/authoring.md", "scripts/hooks/postprovision.sh", "scripts/hooks/postprovision.ps1",
            ".github/workflows/azure-dev.yml"];

    private IReadOnlyList<string> FunctionAppSettings => [.. template.FunctionAppSettings().Keys];

    private static JsonObject SampleValues =>
        JsonNode.Parse(Repository.Read("local.settings.sample.json"))!["Values"]!.AsObject();

    [Fact]
    public void Options_keys_are_found()
    {
        // The walker must see the whole catalog entry, through the dictionary, not just the top-level keys.
        Assert.Contains("Tollgate:Models:DefaultDeployment", OptionsKeys.All);
        Assert.Contains("Tollgate:Models:Deployments:<name>:Endpoint", OptionsKeys.All);
        Assert.Contains("Tollgate:Triggers:<name>:Secrets:<name>", OptionsKeys.All); // a list: one segment per index
        Assert.Contains("Tollgate:Triggers:<name>:Input:<name>:<name>", OptionsKeys.All);
        Assert.DoesNotContain(OptionsKeys.All, key => key.StartsWith("Tollgate:Webhooks", StringComparison.Ordinal)); // retired
        Assert.All(TollgateServiceCollectionExtensions.OptionsSections.Keys,
            section => Assert.Contains(OptionsKeys.All, key => key.StartsWith(section + ":", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_function_app_setting_is_an_options_key_or_a_host_setting()
    {
        Assert.NotEmpty(FunctionAppSettings);
        List<string> unread = NotReadByTheApp(FunctionAppSettings, HostSettings);

        Assert.True(unread.Count == 0,
            $"The function app sets settings no options type binds and no host setting explains (the app would ignore them): {string.Join(", ", unread)}.");
    }

    [Fact]
    public void Every_options_key_is_set_in_the_function_app_or_has_a_documented_default()
    {
        List<string> unset = NotSet(OptionsKeys.All, FunctionAppSettings, DocumentedDefaults);

        Assert.True(unset.Count == 0,
            $"Options the function app does not set (add them to the appSettings in infra/main.bicep, or to DocumentedDefaults with the reason and explain them in docs/deployment.md): {string.Join(", ", unset)}.");
    }

    [Fact]
    public void Documented_defaults_are_options_keys_the_function_app_does_not_set()
    {
        List<string> stale = DocumentedDefaults.Keys.Where(key => !OptionsKeys.All.Contains(key, StringComparer.OrdinalIgnoreCase)).ToList();
        List<string> setAnyway = FunctionAppSettings
            .Where(setting => DocumentedDefaults.Keys.Any(key => OptionsKeys.Matches(key, OptionsKeys.FromEnvironmentStyle(setting), out _)))
            .ToList();

        Assert.True(stale.Count == 0, $"DocumentedDefaults names keys no options type has: {string.Join(", ", stale)}.");
        Assert.True(setAnyway.Count == 0, $"The function app sets keys listed as documented defaults (remove them from DocumentedDefaults): {string.Join(", ", setAnyway)}.");
    }

    [Fact]
    public void Documented_defaults_are_explained_in_the_docs()
    {
        string docs = string.Join('\n', Docs.Select(path => Repository.Read(path.Split('/'))));
        List<string> unexplained = DocumentedDefaults.Keys.Where(key => !MentionForms(key).Any(form => docs.Contains(form, StringComparison.Ordinal))).ToList();

        Assert.True(unexplained.Count == 0,
            $"Documented defaults that neither {string.Join(" nor ", Docs)} mentions (as `{OptionsKeys.ToEnvironmentStyle("Tollgate:Section:Key")}`): {string.Join(", ", unexplained)}.");
    }

    [Fact]
    public void Host_settings_listed_here_are_all_set_by_the_Bicep()
    {
        Assert.All(HostSettings.Keys, setting => Assert.True(FunctionAppSettings.Contains(setting, StringComparer.OrdinalIgnoreCase),
            $"{setting} is listed as a host setting but the function app does not set it: remove it from HostSettings."));
        Assert.All(LocalOnlyHostSettings.Keys, setting => Assert.True(SampleValues.ContainsKey(setting),
            $"{setting} is listed as a local-only host setting but local.settings.sample.json does not have it: remove it from LocalOnlyHostSettings."));
    }

    [Fact]
    public void Every_sample_setting_is_an_options_key_or_a_host_setting()
    {
        Assert.NotEmpty(SampleValues);
        List<string> unread = NotReadByTheApp(SampleValues.Select(pair => pair.Key), Merge(HostSettings, LocalOnlyHostSettings));

        Assert.True(unread.Count == 0,
            $"local.settings.sample.json has settings no options type binds and no host setting explains: {string.Join(", ", unread)}.");
    }

    [Fact]
    public void Every_options_key_is_in_the_sample_or_has_a_documented_default()
    {
        Assert.Contains(SampleValues, pair => OptionsKeys.Matches("Tollgate:Models:Deployments:<name>:Deployment", OptionsKeys.FromEnvironmentStyle(pair.Key), out string? name)
            && name == "primary");
        List<string> missing = NotSet(OptionsKeys.All, [.. SampleValues.Select(pair => pair.Key)], DocumentedDefaults);

        Assert.True(missing.Count == 0,
            $"Options local.settings.sample.json does not list (add them, empty if there is no sensible local value): {string.Join(", ", missing)}.");
    }

    [Fact]
    public void Every_local_settings_output_key_is_an_options_key_or_a_host_setting()
    {
        // The post-provision hook writes this object to local.settings.json.
        JsonObject local = template.Root.At("outputs.TOLLGATE_LOCAL_SETTINGS.value")!.AsObject();
        List<string> unread = NotReadByTheApp(local.Select(pair => pair.Key), Merge(HostSettings, LocalOnlyHostSettings));

        Assert.True(unread.Count == 0, $"TOLLGATE_LOCAL_SETTINGS has settings the app does not read: {string.Join(", ", unread)}.");
    }

    [Fact]
    public void Docs_and_hooks_name_only_settings_the_app_reads()
    {
        var unknown = new List<string>();
        foreach (string path in FilesNamingSettings)
        {
            foreach (Match match in TollgateKey().Matches(Repository.Read(path.Split('/'))))
            {
                // {primary,fallback} and <name> stand for a deployment name.
                string key = BraceGroup().Replace(OptionsKeys.FromEnvironmentStyle(match.Value), OptionsKeys.NamePlaceholder);
                if (!OptionsKeys.IsLeafOrSection(key) && !WorkflowSettingKeys.IsLeafOrSection(key))
                {
                    unknown.Add($"{path}: {match.Value}");
                }
            }
        }

        Assert.True(unknown.Count == 0, $"These name Tollgate settings that no options type binds: {string.Join("; ", unknown.Distinct())}.");
    }

    // ---- The checks above are only worth something if a new option fails them. ----

    [Theory]
    [InlineData("Tollgate__Workflows__classify__Prompts__classify", true)]
    [InlineData("Tollgate:Workflows:enrich-lead:Prompts:profile", true)]
    [InlineData("Tollgate__Workflows__classify__Settings__Categories__0", true)]
    [InlineData("Tollgate__Workflows__{workflow}__Prompts__{step}", true)]
    [InlineData("Tollgate__Workflows__clasify__Prompts__classify", false)]
    [InlineData("Tollgate__Workflows__Classify__Prompts__classify", false)]
    [InlineData("Tollgate__Workflows__classify__Prompts__summary", false)]
    [InlineData("Tollgate__Workflows__classify__Settings__Labels", false)]
    [InlineData("Tollgate__Workflows__summarize__Timeout", false)]
    public void Workflow_keys_in_the_docs_must_name_a_catalog_workflow_and_its_steps_or_settings(string mention, bool known)
    {
        Match match = TollgateKey().Match(mention);
        string key = BraceGroup().Replace(OptionsKeys.FromEnvironmentStyle(match.Value), OptionsKeys.NamePlaceholder);

        Assert.Equal(mention, match.Value);
        Assert.Equal(known, WorkflowSettingKeys.IsLeafOrSection(key));
    }

    [Fact]
    public void A_new_catalog_option_without_a_setting_is_reported_for_each_deployment()
    {
        string[] leaves = [.. OptionsKeys.All, "Tollgate:Models:Deployments:<name>:NewOption"];

        IEnumerable<string> reported = NotSet(leaves, FunctionAppSettings, DocumentedDefaults).Except(NotSet(OptionsKeys.All, FunctionAppSettings, DocumentedDefaults));

        Assert.Equal(["Tollgate:Models:Deployments:fallback:NewOption", "Tollgate:Models:Deployments:primary:NewOption"], reported);
    }

    [Fact]
    public void A_new_options_section_without_settings_is_reported()
    {
        var sections = new Dictionary<string, Type>(TollgateServiceCollectionExtensions.OptionsSections) { ["Tollgate:New"] = typeof(NewOptions) };

        IEnumerable<string> unset = NotSet(OptionsKeys.Of(sections), FunctionAppSettings, DocumentedDefaults)
            .Except(NotSet(OptionsKeys.All, FunctionAppSettings, DocumentedDefaults));
        IEnumerable<string> unread = NotReadByTheApp([.. FunctionAppSettings, "Tollgate__Intake__Retired"], HostSettings)
            .Except(NotReadByTheApp(FunctionAppSettings, HostSettings));

        Assert.Equal(["Tollgate:New:Limit", "Tollgate:New:Nested:When", "Tollgate:New:Sources:<name>:When (no entry of Tollgate:New:Sources is configured at all)"], unset);
        Assert.Equal(["Tollgate__Intake__Retired"], unread);
    }

    [Fact]
    public void A_section_of_named_entries_has_a_placeholder_segment()
    {
        Assert.Contains("Tollgate:Rollouts:<name>:Percentage", OptionsKeys.All);
        Assert.True(OptionsKeys.Matches("Tollgate:Rollouts:<name>:Percentage", "Tollgate:Rollouts:classify-mini:Percentage", out string? name));
        Assert.Equal("classify-mini", name);
    }

    [Fact]
    public void Options_keys_walk_nested_classes_and_dictionaries()
    {
        IReadOnlyList<string> keys = OptionsKeys.Of(new Dictionary<string, Type> { ["S"] = typeof(WalkedOptions) });

        Assert.Equal(
        [
            "S:Endpoint", "S:Entries:<name>:Kind", "S:Entries:<name>:Price", "S:Limits:<name>", "S:Nested:When", "S:On", "S:Timeout", "S:Title",
        ], keys);
    }

    [Fact]
    public void Options_keys_refuse_a_property_they_cannot_map()
    {
        NotSupportedException error = Assert.Throws<NotSupportedException>(() => OptionsKeys.Of(new Dictionary<string, Type> { ["S"] = typeof(ObjectListOptions) }));

        Assert.Contains("S:Sources", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_keys_map_a_list_of_simple_values_to_indexed_keys() =>
        Assert.Equal(["S:Hosts:<name>"], OptionsKeys.Of(new Dictionary<string, Type> { ["S"] = typeof(ListOptions) }));

    /// <summary>Settings (environment style) that are neither an options leaf nor in <paramref name="allowed"/>.</summary>
    private static List<string> NotReadByTheApp(IEnumerable<string> settings, Dictionary<string, string> allowed) =>
        settings
            .Where(setting => !allowed.ContainsKey(setting))
            .Where(setting => !OptionsKeys.All.Any(leaf => OptionsKeys.Matches(leaf, OptionsKeys.FromEnvironmentStyle(setting), out _)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Leaves that <paramref name="settings"/> (environment style) do not set and <paramref name="exempt"/> does
    /// not excuse. A leaf under a dictionary (<see cref="OptionsKeys.NamePlaceholder"/>) must be set for every
    /// entry the settings configure in that dictionary (Tollgate:Models:Deployments: primary, fallback).
    /// </summary>
    private static List<string> NotSet(IEnumerable<string> leaves, IReadOnlyCollection<string> settings, Dictionary<string, string> exempt)
    {
        string[] keys = [.. settings.Select(OptionsKeys.FromEnvironmentStyle)];
        string[] leafList = [.. leaves];

        var unset = new List<string>();
        foreach (string leaf in leafList.Where(leaf => !exempt.ContainsKey(leaf)))
        {
            int placeholder = leaf.IndexOf(OptionsKeys.NamePlaceholder, StringComparison.Ordinal);
            if (placeholder < 0)
            {
                if (!keys.Contains(leaf, StringComparer.OrdinalIgnoreCase))
                {
                    unset.Add(leaf);
                }

                continue;
            }

            // The entries of this leaf's dictionary: names any key gives to a leaf of the same dictionary.
            string dictionary = leaf[..placeholder];
            string[] names = [.. keys
                .SelectMany(key => leafList.Where(other => other.StartsWith(dictionary, StringComparison.Ordinal))
                    .Select(other => OptionsKeys.Matches(other, key, out string? name) ? name : null))
                .OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase)];
            if (names.Length == 0)
            {
                unset.Add($"{leaf} (no entry of {dictionary.TrimEnd(':')} is configured at all)");
            }

            unset.AddRange(names.Select(name => OptionsKeys.WithName(leaf, name)).Where(key => !keys.Contains(key, StringComparer.OrdinalIgnoreCase)));
        }

        return [.. unset.Order(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string> Merge(params Dictionary<string, string>[] lists) =>
        lists.SelectMany(list => list).ToDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>How the docs write a key: environment style, with &lt;name&gt; or {primary,fallback} for a deployment.</summary>
    private static IEnumerable<string> MentionForms(string key)
    {
        string environment = OptionsKeys.ToEnvironmentStyle(key);
        yield return $"`{environment}`";
        yield return $"`{environment.Replace(OptionsKeys.NamePlaceholder, "{primary,fallback}", StringComparison.Ordinal)}`";
    }

    // Tollgate__A__B or Tollgate:A:B, segments being names (hyphens inside, as in enrich-lead), <name> or {a,b};
    // "AddTollgate" and "Tollgate.Functions" do not match.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])Tollgate(?:(?:__|:)(?:<name>|\{[A-Za-z,]+\}|[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*))+")]
    private static partial Regex TollgateKey();

    [GeneratedRegex(@"\{[A-Za-z,]+\}")]
    private static partial Regex BraceGroup();

    private sealed class NewOptions
    {
        public int Limit { get; set; }

        public NewNested Nested { get; set; } = new();

        public Dictionary<string, NewNested> Sources { get; set; } = [];
    }

    private sealed class NewNested
    {
        public DateTimeOffsetLike When { get; set; }
    }

    private enum DateTimeOffsetLike
    {
        Never,
    }

    private sealed class WalkedOptions
    {
        public string? Title { get; set; }

        public Uri? Endpoint { get; set; }

        public TimeSpan? Timeout { get; set; }

        public bool On { get; set; }

        public bool Computed => On;

        public NewNested Nested { get; set; } = new();

        public Dictionary<string, WalkedEntry> Entries { get; set; } = [];

        public Dictionary<string, int> Limits { get; } = [];
    }

    private sealed class WalkedEntry
    {
        public Tollgate.Models.ModelEndpointKind Kind { get; set; }

        public decimal Price { get; set; }
    }

    private sealed class ListOptions
    {
        public List<string> Hosts { get; set; } = [];
    }

    private sealed class ObjectListOptions
    {
        public List<NewNested> Sources { get; set; } = [];
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Tollgate.Workflows;

/// <summary>
/// What configuration says about each workflow of the catalog, under <c>Tollgate:Workflows:{workflow}</c>:
/// <c>Prompts:{step}</c> pins the prompt version a step sends (roll a prompt out or back with a setting), and
/// <c>Settings</c> binds to the workflow's settings type. Read once at start-up and checked by
/// <see cref="WorkflowOptionsValidator"/>; every run carries the values it started with.
/// </summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Tollgate:Workflows";

    /// <summary>Each catalog workflow's settings, by workflow name.</summary>
    public Dictionary<string, WorkflowRunSettings> Workflows { get; } = new(StringComparer.Ordinal);

    /// <summary>What the configuration holds that cannot be read (unknown names, versions that are not numbers).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>The bound settings objects, kept for validation.</summary>
    internal Dictionary<string, object> BoundSettings { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The workflow's key in app settings: its name with hyphens as underscores, because App Service setting names
    /// (and shell variables) cannot hold a hyphen — <c>Tollgate__Workflows__enrich_lead__…</c>. The name itself is
    /// accepted too (JSON files, user secrets).
    /// </summary>
    public static string ConfigurationKey(string workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return workflow.Replace('-', '_');
    }

    /// <summary>The options as <paramref name="configuration"/> sets them (defaults for a workflow it does not mention).</summary>
    public static WorkflowOptions From(IConfiguration configuration)
    {
        var options = new WorkflowOptions();
        options.Load(configuration);
        return options;
    }

    /// <summary>Reads the section for every catalog workflow; names it does not know are problems, not ignored.</summary>
    public void Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(SectionName);
        foreach (IConfigurationSection entry in section.GetChildren())
        {
            if (!WorkflowCatalog.All.Values.Any(w => entry.Key == w.Name || entry.Key == ConfigurationKey(w.Name)))
            {
                Problems.Add($"{SectionName}:{entry.Key} names no workflow (known: {string.Join(", ", WorkflowCatalog.All.Keys)}).");
            }
            else
            {
                foreach (IConfigurationSection child in entry.GetChildren().Where(c => c.Key is not ("Prompts" or "Settings")))
                {
                    Problems.Add($"{child.Path} is not a workflow setting (expected Prompts or Settings).");
                }
            }
        }

        foreach (WorkflowDefinition definition in WorkflowCatalog.All.Values)
        {
            IConfigurationSection workflow = section.GetSection(definition.Name);
            IConfigurationSection alias = section.GetSection(ConfigurationKey(definition.Name));
            if (alias.Path != workflow.Path && alias.Exists())
            {
                if (workflow.Exists())
                {
                    Problems.Add($"{workflow.Path} and {alias.Path} are the same workflow; set one of them.");
                }

                workflow = alias;
            }

            var pins = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (IConfigurationSection pin in workflow.GetSection("Prompts").GetChildren())
            {
                if (!definition.Steps.Any(s => s.Name == pin.Key))
                {
                    Problems.Add($"{pin.Path} names no step of {definition.Name} (steps: {string.Join(", ", definition.Steps.Select(s => s.Name))}).");
                }
                else if (!int.TryParse(pin.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int version))
                {
                    Problems.Add($"{pin.Path} must be a prompt version number, not '{pin.Value}'.");
                }
                else
                {
                    pins[pin.Key] = version;
                }
            }

            object settings;
            try
            {
                settings = workflow.GetSection("Settings").Get(definition.SettingsType, o => o.ErrorOnUnknownConfiguration = true)
                    ?? Activator.CreateInstance(definition.SettingsType)!;
            }
            catch (InvalidOperationException ex)
            {
                Problems.Add($"{workflow.Path}:Settings cannot be read: {ex.Message}");
                settings = Activator.CreateInstance(definition.SettingsType)!;
            }

            BoundSettings[definition.Name] = settings;
            Workflows[definition.Name] = new WorkflowRunSettings(pins, JsonSerializer.SerializeToElement(settings, definition.SettingsType, WorkflowJson.Options));
        }
    }
}

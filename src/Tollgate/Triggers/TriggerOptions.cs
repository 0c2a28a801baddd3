using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Tollgate.Triggers;

/// <summary>
/// The triggers configuration declares, by name (<c>Tollgate:Triggers:{name}:…</c>), read strictly by <see cref="Load"/>
/// and checked by <see cref="TriggerOptionsValidator"/> at start-up and on every reload. A name with a hyphen is
/// written with an underscore in App Service settings (whose names cannot hold '-'): <c>github_issues</c> serves
/// <c>/api/triggers/github-issues</c> too.
/// </summary>
public sealed class TriggerOptions : Dictionary<string, TriggerSettings>
{
    public const string SectionName = "Tollgate:Triggers";

    /// <summary>Configuration keys are case-insensitive, so trigger names are too.</summary>
    public TriggerOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>What the configuration holds that cannot be read (a misspelt key, an unknown kind), by setting.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>
    /// The trigger a route's <paramref name="name"/> names (in any case, or with '-' written '_'), or null. The key returned
    /// is the configured one, never the request's spelling: it scopes the delivery's idempotency key, so every spelling of
    /// one trigger's route must give the same run.
    /// </summary>
    public (string Key, TriggerSettings Settings)? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (string candidate in new[] { name, name.Replace('-', '_') })
        {
            foreach ((string key, TriggerSettings settings) in this)
            {
                if (Comparer.Equals(key, candidate))
                {
                    return (key, settings);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Reads every trigger under <paramref name="section"/>. A key no setting takes, or a value that cannot be read, is a
    /// problem naming the setting (the validator reports it), not a silently ignored line. Lists take indexed children
    /// (<c>Secrets:0</c>) or, for one entry, a plain value.
    /// </summary>
    public void Load(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        foreach (IConfigurationSection trigger in section.GetChildren())
        {
            var settings = new TriggerSettings();
            // An empty value is an unset one (local.settings.json lists optional settings empty).
            foreach (IConfigurationSection setting in trigger.GetChildren().Where(s => !string.IsNullOrEmpty(s.Value) || s.GetChildren().Any()))
            {
                switch (setting.Key.ToUpperInvariant())
                {
                    case "KIND":
                        if (Enum.TryParse(setting.Value, ignoreCase: true, out TriggerKind kind) && Enum.IsDefined(kind) && !int.TryParse(setting.Value, out _))
                        {
                            settings.Kind = kind;
                        }
                        else
                        {
                            Problems.Add($"{setting.Path} '{setting.Value}' is not a trigger kind (known: {string.Join(", ", Enum.GetNames<TriggerKind>())}).");
                        }

                        break;
                    case "SECRETS":
                        settings.Secrets = List(setting, splitCommas: false);
                        break;
                    case "WORKFLOW":
                        settings.Workflow = setting.Value;
                        break;
                    case "EVENTS":
                        settings.Events = List(setting, splitCommas: true);
                        break;
                    case "INPUT":
                        foreach (IConfigurationSection field in setting.GetChildren())
                        {
                            settings.Input[field.Key] = List(field, splitCommas: false);
                        }

                        break;
                    case "USER":
                        settings.User = setting.Value;
                        break;
                    case "USERID":
                        settings.UserId = setting.Value;
                        break;
                    case "CALLBACKURL":
                        if (Uri.TryCreate(setting.Value, UriKind.Absolute, out Uri? callback) && callback.Scheme is "https" or "http")
                        {
                            settings.CallbackUrl = callback;
                        }
                        else
                        {
                            Problems.Add($"{setting.Path} must be an absolute http(s) URI.");
                        }

                        break;
                    default:
                        Problems.Add($"{setting.Path} is not a trigger setting (expected Kind, Secrets, Workflow, Events, Input, User, UserId or CallbackUrl).");
                        break;
                }
            }

            this[trigger.Key] = settings;
        }
    }

    /// <summary>Indexed children in index order, or the plain value (comma-separated where <paramref name="splitCommas"/>).</summary>
    private List<string> List(IConfigurationSection setting, bool splitCommas)
    {
        var children = setting.GetChildren().ToList();
        if (children.Count == 0)
        {
            return string.IsNullOrWhiteSpace(setting.Value) ? []
                : splitCommas ? [.. setting.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                : [setting.Value];
        }

        var items = new SortedList<int, string>();
        foreach (IConfigurationSection child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || child.GetChildren().Any())
            {
                Problems.Add($"{child.Path} is not a list entry (expected {setting.Path}:0, {setting.Path}:1, …).");
            }
            else if (!string.IsNullOrEmpty(child.Value))
            {
                items[index] = child.Value;
            }
        }

        return [.. items.Values];
    }
}

using System.Reflection;
using Tollgate.Workflows;

namespace Tollgate.Infrastructure.Tests.Support;

/// <summary>
/// The keys under <c>Tollgate:Workflows</c>, which <see cref="WorkflowOptions"/> reads for each workflow of the
/// catalog rather than an options type of <c>OptionsSections</c>: <c>Tollgate:Workflows:{workflow}:Prompts:{step}</c>
/// (a prompt pin) and <c>Tollgate:Workflows:{workflow}:Settings:{Property}</c> (the workflow's settings type, with
/// list indexes or nested members below). All optional: nothing must set them, but a key the docs name must be one
/// the app reads. Workflow and step names are matched exactly, as the app matches them (a workflow also by its
/// underscore key, <see cref="WorkflowOptions.ConfigurationKey"/>);
/// <see cref="OptionsKeys.NamePlaceholder"/> stands for any workflow, step or property.
/// </summary>
internal static class WorkflowSettingKeys
{
    /// <summary>Whether <paramref name="key"/> (colon form) is a workflow setting, or a section on the path to one.</summary>
    public static bool IsLeafOrSection(string key)
    {
        string[] segments = key.Split(':');
        if (segments.Length < 2 || !Is(segments[0], "Tollgate") || !Is(segments[1], "Workflows"))
        {
            return false;
        }

        if (segments.Length == 2)
        {
            return true;
        }

        WorkflowDefinition? workflow = null;
        if (segments[2] != OptionsKeys.NamePlaceholder && (workflow = WorkflowCatalog.All.Values.FirstOrDefault(w =>
            segments[2] == w.Name || segments[2] == WorkflowOptions.ConfigurationKey(w.Name))) is null)
        {
            return false;
        }

        if (segments.Length == 3)
        {
            return true;
        }

        bool any = segments.Length == 4 || segments[4] == OptionsKeys.NamePlaceholder || workflow is null;
        if (Is(segments[3], "Prompts"))
        {
            return segments.Length <= 5 && (any || workflow!.Steps.Any(step => step.Name == segments[4]));
        }

        const BindingFlags Properties = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;
        return Is(segments[3], "Settings") && (any || workflow!.SettingsType.GetProperty(segments[4], Properties) is { CanWrite: true });
    }

    private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
}

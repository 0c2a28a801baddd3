using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Tollgate.Models;
using Tollgate.Workflows;

namespace Tollgate.Rollouts;

/// <summary>
/// Checks every rollout against the workflow catalog and the model catalog, at start-up (<c>ValidateOnStart</c>) and
/// on every configuration reload. A rollout naming an unknown workflow, step or deployment, a current deployment that
/// is not where the step's first attempt goes (the catalog's default deployment), a candidate equal to it, a
/// percentage outside 0–100, a missing salt, or a second rollout of the same step stops the app, naming the setting.
/// </summary>
public sealed partial class RolloutOptionsValidator(IOptionsMonitor<ModelOptions> models) : IValidateOptions<RolloutOptions>
{
    public ValidateOptionsResult Validate(string? name, RolloutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelOptions catalog;
        try
        {
            catalog = models.CurrentValue;
        }
        catch (OptionsValidationException)
        {
            // The model catalog's own validation names what is wrong with it; rollouts are checked against a valid one.
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>(options.Problems);
        var steps = new Dictionary<(string Workflow, string Step), string>();
        foreach ((string rollout, RolloutSettings settings) in options)
        {
            string prefix = $"{RolloutOptions.SectionName}:{rollout}";
            if (!NamePattern().IsMatch(rollout))
            {
                failures.Add($"{prefix}: a rollout's name must be 1-63 letters, digits, '-' or '_', starting with a letter or digit.");
            }

            if (settings is null)
            {
                failures.Add($"{prefix}: set Workflow, Step, Current, Candidate, Percentage and Salt.");
                continue;
            }

            WorkflowDefinition? workflow = null;
            if (string.IsNullOrWhiteSpace(settings.Workflow))
            {
                failures.Add($"{prefix}:Workflow is required.");
            }
            else if ((workflow = WorkflowCatalog.Get(settings.Workflow)) is null)
            {
                failures.Add($"{prefix}:Workflow '{settings.Workflow}' names no workflow (known: {string.Join(", ", WorkflowCatalog.All.Keys)}).");
            }

            if (string.IsNullOrWhiteSpace(settings.Step))
            {
                failures.Add($"{prefix}:Step is required.");
            }
            else if (workflow is not null && !workflow.Steps.Any(s => s.Name == settings.Step))
            {
                failures.Add($"{prefix}:Step '{settings.Step}' names no step of {workflow.Name} (steps: {string.Join(", ", workflow.Steps.Select(s => s.Name))}).");
            }
            else if (workflow is not null && !steps.TryAdd((workflow.Name, settings.Step), rollout))
            {
                failures.Add($"{prefix}:Step '{settings.Step}' of {workflow.Name} is already rolled out by {RolloutOptions.SectionName}:{steps[(workflow.Name, settings.Step)]}; a step has one rollout at a time.");
            }

            if (string.IsNullOrWhiteSpace(settings.Current))
            {
                failures.Add($"{prefix}:Current is required.");
            }
            else if (!catalog.Deployments.ContainsKey(settings.Current))
            {
                failures.Add($"{prefix}:Current '{settings.Current}' is not in {ModelOptions.SectionName}:Deployments.");
            }
            else if (!string.Equals(settings.Current, catalog.DefaultDeployment, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{prefix}:Current '{settings.Current}' is not where the step's calls go today: that is {ModelOptions.SectionName}:DefaultDeployment '{catalog.DefaultDeployment}'.");
            }

            if (string.IsNullOrWhiteSpace(settings.Candidate))
            {
                failures.Add($"{prefix}:Candidate is required.");
            }
            else if (!catalog.Deployments.ContainsKey(settings.Candidate))
            {
                failures.Add($"{prefix}:Candidate '{settings.Candidate}' is not in {ModelOptions.SectionName}:Deployments.");
            }
            else if (string.Equals(settings.Candidate, settings.Current, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{prefix}:Candidate is the same deployment as Current; a rollout compares two.");
            }

            if (settings.Percentage is not { } percentage)
            {
                failures.Add($"{prefix}:Percentage is required (0 to 100; 0 keeps every user on Current).");
            }
            else if (!double.IsFinite(percentage) || percentage < 0 || percentage > 100)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:Percentage must be between 0 and 100, not {percentage}."));
            }

            if (string.IsNullOrWhiteSpace(settings.Salt))
            {
                failures.Add($"{prefix}:Salt is required: it is hashed with each user id to choose the user's arm.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}\\z")]
    private static partial Regex NamePattern();
}

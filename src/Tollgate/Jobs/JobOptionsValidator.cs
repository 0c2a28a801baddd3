using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Tollgate.Intake;
using Tollgate.Workflows;

namespace Tollgate.Jobs;

/// <summary>
/// Checks every job at start-up (<c>ValidateOnStart</c>): a name usable as a table partition key and an instance id, a
/// six-field NCRONTAB schedule, a workflow in the catalog, a valid user id, a parallelism of 1 to 256 and a cost
/// ceiling that can pay for at least one item run (the workflow's own per-run ceiling). Each failure names the setting.
/// </summary>
public sealed partial class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public const int MaxParallelism = 256;

    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.Problems);
        foreach ((string job, JobSettings settings) in options)
        {
            string prefix = $"{JobOptions.SectionName}:{job}";
            if (!IsValidName(job))
            {
                failures.Add($"{prefix}: a job's name must be 1-63 lower-case letters, digits or '-', starting with a letter or digit.");
            }

            if (settings is null)
            {
                failures.Add($"{prefix}: set Schedule, Workflow, UserId, Parallelism and CostCeiling.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(settings.Schedule))
            {
                failures.Add($"{prefix}:Schedule is required (NCRONTAB with seconds, e.g. '0 0 2 * * *').");
            }
            else if (!JobSchedule.TryParse(settings.Schedule, out _, out string? cronError))
            {
                failures.Add($"{prefix}:Schedule '{settings.Schedule}' is not a six-field NCRONTAB expression (seconds first): {cronError}");
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

            if (!UserIds.IsValid(settings.UserId))
            {
                failures.Add($"{prefix}:UserId {UserIds.Rule}.");
            }

            if (settings.Parallelism is not { } parallelism || parallelism < 1 || parallelism > MaxParallelism)
            {
                failures.Add($"{prefix}:Parallelism must be between 1 and {MaxParallelism}.");
            }

            if (settings.CostCeiling is not { } ceiling || ceiling <= 0)
            {
                failures.Add($"{prefix}:CostCeiling is required: what one occurrence may spend, in USD, more than 0.");
            }
            else if (workflow is not null && ceiling < workflow.CostCeiling)
            {
                // An item run is only started when its worst case (the workflow's ceiling) fits: below it, nothing ever would.
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}:CostCeiling {ceiling} is below one {workflow.Name} run's own ceiling ({workflow.CostCeiling}); no item could ever start."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A job name: a table partition key and part of an instance id, so plain lower-case.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}\\z")]
    private static partial Regex NamePattern();
}

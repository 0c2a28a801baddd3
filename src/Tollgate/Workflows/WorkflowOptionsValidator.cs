using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;
using Tollgate.Models;
using Tollgate.Prompts;

namespace Tollgate.Workflows;

/// <summary>
/// Start-up checks of the workflows against configuration: pinned prompt versions exist (with the variable a step's
/// trimming strategy names), settings satisfy their annotations, and every workflow's cost ceiling covers the smallest
/// call of each of its steps on the cheapest deployment that step can reach. A workflow that could never run stops the app, naming the setting.
/// </summary>
public sealed class WorkflowOptionsValidator(IOptions<ModelOptions> models, TokenCounter tokens) : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.Problems);
        foreach (WorkflowDefinition definition in WorkflowCatalog.All.Values)
        {
            string prefix = $"{WorkflowOptions.SectionName}:{definition.Name}";
            WorkflowRunSettings settings = options.Workflows[definition.Name];
            foreach ((string step, int version) in settings.PromptVersions)
            {
                ModelStep declared = definition.Steps.Single(s => s.Name == step);
                string promptId = declared.PromptId;
                PromptTemplate? pinned = PromptCatalog.All.FirstOrDefault(t => t.Id == promptId && t.Version == version);
                if (pinned is null)
                {
                    failures.Add($"{prefix}:Prompts:{step} pins {promptId} v{version}, which does not exist "
                        + $"(versions: {string.Join(", ", PromptCatalog.All.Where(t => t.Id == promptId).Select(t => t.Version))}).");
                }
                else if (declared.Trim is { } trim && !PromptTemplate.Placeholders(pinned.User).Contains(trim.Variable))
                {
                    failures.Add($"{prefix}:Prompts:{step} pins {promptId} v{version}, which does not have the variable '{trim.Variable}' "
                        + "the step's trimming strategy names.");
                }
            }

            object bound = options.BoundSettings[definition.Name];
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(bound, new ValidationContext(bound), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{prefix}:Settings:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            }

            if (failures.Count == 0)
            {
                failures.AddRange(CeilingProblems(definition, settings, prefix));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The smallest call of a step: its prompt with every variable empty, its schema, and its floor as the cap, on
    /// the cheapest deployment of the default chain. A ceiling below it would refuse every run.
    /// </summary>
    private IEnumerable<string> CeilingProblems(WorkflowDefinition definition, WorkflowRunSettings settings, string prefix)
    {
        if (ValidCatalog() is not { } catalog)
        {
            yield break; // the catalog's own validation names what is wrong with it, once
        }

        foreach (ModelStep step in definition.Steps)
        {
            int version = settings.PromptVersions.GetValueOrDefault(step.Name, step.PromptVersion);
            PromptTemplate prompt = PromptCatalog.Get(step.PromptId, version);
            RenderedPrompt empty = prompt.Render(PromptTemplate.Placeholders(prompt.User).ToDictionary(v => v, _ => ""));
            int input = ModelGateway.CountInput(tokens, empty, step.Schema);
            decimal? cheapest = null;
            string? cheapestName = null;
            foreach ((string deployment, ModelDeploymentOptions options) in catalog.DefaultChain())
            {
                decimal cost = ModelGateway.WorstCase(options, input, step.MinOutputTokens).Total;
                if (cheapest is null || cost < cheapest)
                {
                    (cheapest, cheapestName) = (cost, deployment);
                }
            }

            if (cheapest is { } smallest && definition.CostCeiling < smallest)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}: the cost ceiling {definition.CostCeiling} is below the smallest call of step '{step.Name}' ({smallest} on {cheapestName}).");
            }
        }
    }

    private ModelOptions? ValidCatalog()
    {
        try
        {
            return models.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Tollgate.Workflows;

/// <summary>Builds a run's <see cref="WorkflowStart"/>: the validated input with the configuration the run will keep.</summary>
public sealed class WorkflowStarts(IOptions<WorkflowOptions> options)
{
    /// <summary>
    /// The start of a run of <paramref name="definition"/>, or the input field that is wrong. With
    /// <paramref name="bypassCache"/> no step of the run is answered from the response cache.
    /// </summary>
    public WorkflowInputResult Create(WorkflowDefinition definition, string userId, JsonElement input, bool bypassCache = false)
    {
        ArgumentNullException.ThrowIfNull(definition);
        WorkflowInputResult read = definition.ReadInput(input);
        if (read.Field is not null)
        {
            return read;
        }

        WorkflowRunSettings settings = options.Value.Workflows[definition.Name];
        JsonElement normalized = JsonSerializer.SerializeToElement(read.Input, definition.InputType, WorkflowJson.Options);
        return WorkflowInputResult.Valid(new WorkflowStart(definition.Name, userId, normalized, settings.PromptVersions, settings.Settings,
            bypassCache));
    }
}

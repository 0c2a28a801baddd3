namespace Tollgate.Workflows;

/// <summary>
/// The workflows callers can start, by the name in <c>/api/workflows/{name}/runs</c>. Adding a workflow is one line
/// here (named by its folder's namespace, so no using is needed); both hosts, the intake and the start-up checks read
/// this list.
/// </summary>
public static class WorkflowCatalog
{
    private static readonly WorkflowDefinition[] Definitions =
    [
        WorkflowDefinition.Of<Summarize.SummarizeWorkflow>(),
        WorkflowDefinition.Of<Classify.ClassifyWorkflow>(),
        WorkflowDefinition.Of<EnrichLead.EnrichLeadWorkflow>(),
    ];

    public static readonly IReadOnlyDictionary<string, WorkflowDefinition> All = Load();

    /// <summary>The workflow named <paramref name="name"/>, or null.</summary>
    public static WorkflowDefinition? Get(string name) => All.GetValueOrDefault(name);

    private static Dictionary<string, WorkflowDefinition> Load()
    {
        var all = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        foreach (WorkflowDefinition definition in Definitions)
        {
            definition.Check();
            if (!all.TryAdd(definition.Name, definition))
            {
                throw new InvalidOperationException($"Two workflows are named '{definition.Name}'.");
            }
        }

        return all;
    }
}

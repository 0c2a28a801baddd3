namespace Tollgate.Workflows;

/// <summary>The workflows callers can start, by the name in <c>/api/workflows/{name}/runs</c>.</summary>
public static class WorkflowCatalog
{
    public static readonly IReadOnlyDictionary<string, WorkflowDefinition> All =
        new[] { SummarizeWorkflow.Definition }.ToDictionary(w => w.Name, StringComparer.Ordinal);
}

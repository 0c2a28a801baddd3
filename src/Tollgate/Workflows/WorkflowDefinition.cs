using System.Text.Json;

namespace Tollgate.Workflows;

/// <summary>Who asked for a run, known before its input is read.</summary>
public sealed record RunContext(string RunId, string UserId);

/// <summary>
/// A workflow callers can start by name: its orchestrator and the function that turns a caller's
/// <c>input</c> JSON into the orchestration's typed input, or says which field is wrong.
/// </summary>
public sealed record WorkflowDefinition(string Name, string OrchestratorName, Func<RunContext, JsonElement, WorkflowInputResult> CreateInput);

public sealed record WorkflowInputResult(object? Input, string? Field, string? Problem)
{
    public static WorkflowInputResult Valid(object input) => new(input, null, null);

    public static WorkflowInputResult Invalid(string field, string problem) => new(null, field, problem);
}

/// <summary>The workflows callers can start, by the name in <c>/api/workflows/{name}/runs</c>.</summary>
public static class WorkflowCatalog
{
    public static readonly IReadOnlyDictionary<string, WorkflowDefinition> All =
        new[] { SummarizeWorkflow.Definition }.ToDictionary(w => w.Name, StringComparer.Ordinal);
}

/// <summary>One serializer configuration for workflow payloads kept in run records.</summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

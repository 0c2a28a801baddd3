using System.Text.Json;

namespace Tollgate.Workflows;

/// <summary>
/// A workflow callers can start by name: its orchestrator and the function that turns a caller's
/// <c>input</c> JSON into the orchestration's typed input, or says which field is wrong.
/// </summary>
public sealed record WorkflowDefinition(string Name, string OrchestratorName, Func<RunContext, JsonElement, WorkflowInputResult> CreateInput);

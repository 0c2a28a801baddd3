using System.Text.Json;

namespace Tollgate.Workflows;

/// <summary>One workflow's configuration: the prompt version each step is pinned to, and its settings (as JSON).</summary>
public sealed record WorkflowRunSettings(IReadOnlyDictionary<string, int> PromptVersions, JsonElement Settings);

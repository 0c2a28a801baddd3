using System.Text.Json;
using Tollgate.Callbacks;

namespace Tollgate.Workflows;

/// <summary>
/// The orchestration's input: which workflow, who runs it, the caller's validated input, and what configuration said
/// when the run started — the prompt version each step is pinned to and the workflow's settings — so a run reads the
/// same configuration from its first step to its last, and on every replay. <see cref="BypassCache"/>: the caller sent
/// <c>Cache-Control: no-cache</c>, so no step of the run is answered from the response cache. <see cref="Callback"/>: where the
/// result is POSTed when the run ends, with the retry schedule as it was at start. The run id is the instance id.
/// </summary>
public sealed record WorkflowStart(
    string Workflow,
    string UserId,
    JsonElement Input,
    IReadOnlyDictionary<string, int> PromptVersions,
    JsonElement? Settings = null,
    bool BypassCache = false,
    CallbackPlan? Callback = null);

using Tollgate.Caching;
using Tollgate.Outputs;
using Tollgate.Trimming;

namespace Tollgate.Workflows;

/// <summary>
/// What a workflow step asks of a model. <see cref="MaxOutputTokens"/> is the most output it may buy;
/// <see cref="MinOutputTokens"/> the least that is still useful when the budget or the run's cost ceiling runs low.
/// <see cref="Output"/> is the schema a structured step's answer must satisfy. <see cref="Workflow"/> names the workflow
/// (rollouts are per workflow step); the step's cache, trimming and latency budget travel with the call, and
/// <see cref="BypassCache"/> says the run's caller asked not to be answered from the cache.
/// </summary>
public sealed record ModelCall(string Step, string PromptId, int PromptVersion, IReadOnlyDictionary<string, string> Variables,
    int MaxOutputTokens, int MinOutputTokens, OutputSchema? Output = null, string? Workflow = null, CachePolicy? Cache = null,
    bool BypassCache = false, TrimPolicy? Trim = null, TimeSpan? LatencyBudget = null);

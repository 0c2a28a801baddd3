using Tollgate.Caching;
using Tollgate.Outputs;
using Tollgate.Trimming;

namespace Tollgate.Models;

/// <summary>
/// One request to one deployment, as the orchestrator asks for it. <see cref="CallId"/> names the
/// logical model call (stable across its attempts); <see cref="Attempt"/> counts from 1. The output
/// cap is <see cref="MaxOutputTokens"/>; when the user's budget or the run's cost ceiling cannot cover it,
/// the gateway may lower it, never below <see cref="MinOutputTokens"/>. For a structured step <see cref="Output"/> is
/// the schema the answer must satisfy, sent as the response format; a repair attempt carries in <see cref="Repair"/>
/// the invalid answer and what was wrong with it; <see cref="CostCeilingLeft"/> is what is left of the run's cost
/// ceiling (null: none). <see cref="Workflow"/>, <see cref="Cache"/>, <see cref="BypassCache"/>, <see cref="Trim"/> and
/// <see cref="LatencyBudget"/> come from the step's declaration and the run (see <c>ModelCall</c>).
/// </summary>
public sealed record ModelAttemptRequest(
    string RunId,
    string UserId,
    string CallId,
    int Attempt,
    string Step,
    string PromptId,
    int PromptVersion,
    IReadOnlyDictionary<string, string> Variables,
    int MaxOutputTokens,
    int MinOutputTokens,
    string? Deployment = null,
    OutputSchema? Output = null,
    RepairRequest? Repair = null,
    decimal? CostCeilingLeft = null,
    string? Workflow = null,
    CachePolicy? Cache = null,
    bool BypassCache = false,
    TrimPolicy? Trim = null,
    TimeSpan? LatencyBudget = null)
{
    /// <summary>
    /// Set by the gateway, not by callers: the <c>"{rollout}:{arm}"</c> a rollout decided for this attempt's call
    /// (see <c>Rollouts/RolloutRouter</c>), recorded on the attempt.
    /// </summary>
    public string? RolloutArm { get; init; }
}

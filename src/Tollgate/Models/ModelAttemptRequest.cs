namespace Tollgate.Models;

/// <summary>
/// One request to one deployment, as the orchestrator asks for it. <see cref="CallId"/> names the
/// logical model call (stable across its attempts); <see cref="Attempt"/> counts from 1. The output
/// cap is <see cref="MaxOutputTokens"/>; when the user's budget cannot cover it, the gateway may lower
/// it, never below <see cref="MinOutputTokens"/>.
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
    string? Deployment = null);

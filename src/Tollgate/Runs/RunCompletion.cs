namespace Tollgate.Runs;

/// <summary>How a run ended, as the orchestrator reports it.</summary>
public sealed record RunCompletion(string RunId, RunStatus Status, string? Output, string? Error);

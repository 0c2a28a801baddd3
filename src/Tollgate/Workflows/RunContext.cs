namespace Tollgate.Workflows;

/// <summary>Who asked for a run, known before its input is read.</summary>
public sealed record RunContext(string RunId, string UserId);

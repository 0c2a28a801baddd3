namespace Tollgate.Runs;

/// <summary>A run and its attempts in order.</summary>
public sealed record RunDetails(RunRecord Run, IReadOnlyList<AttemptRecord> Attempts);

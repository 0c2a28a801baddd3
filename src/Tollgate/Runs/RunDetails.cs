using Tollgate.Callbacks;

namespace Tollgate.Runs;

/// <summary>A run and its attempts in order, and its callback's delivery attempts (empty when it has none).</summary>
public sealed record RunDetails(RunRecord Run, IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<CallbackAttemptRecord>? CallbackAttempts = null);

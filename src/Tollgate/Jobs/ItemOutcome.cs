namespace Tollgate.Jobs;

/// <summary>How an item's run ended, as the job orchestration saw it; the run record is read for its output and cost.</summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="RunId">Its run.</param>
/// <param name="Succeeded">Whether the run completed.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record ItemOutcome(string ItemId, string RunId, bool Succeeded, string? Error = null);

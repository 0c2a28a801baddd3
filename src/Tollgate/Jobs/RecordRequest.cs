namespace Tollgate.Jobs;

/// <summary>Write these finished items back to their rows, for one occurrence of a job.</summary>
/// <param name="Job">The job.</param>
/// <param name="Occurrence">The occurrence that ran them.</param>
/// <param name="Items">The finished items.</param>
public sealed record RecordRequest(string Job, string Occurrence, IReadOnlyList<ItemOutcome> Items);

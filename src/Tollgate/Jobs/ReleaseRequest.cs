namespace Tollgate.Jobs;

/// <summary>Give claimed items that were never started back to the pending pool (the occurrence stopped on its ceiling).</summary>
/// <param name="Job">The job.</param>
/// <param name="Occurrence">The occurrence that claimed them.</param>
/// <param name="ItemIds">The items.</param>
public sealed record ReleaseRequest(string Job, string Occurrence, IReadOnlyList<string> ItemIds);

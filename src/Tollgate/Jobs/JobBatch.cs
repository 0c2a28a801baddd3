namespace Tollgate.Jobs;

/// <summary>A share of a page that one <see cref="EnrichmentJobBatchOrchestrator"/> runs and writes back.</summary>
/// <param name="Job">The job.</param>
/// <param name="Occurrence">The occurrence (<see cref="JobSchedule.Format"/>) that claimed the items.</param>
/// <param name="Items">The items, each with its run's start (or how it ended before).</param>
/// <param name="Window">How many of its item runs may be in flight at once: its share of the job's parallelism.</param>
public sealed record JobBatch(string Job, string Occurrence, IReadOnlyList<ClaimedItem> Items, int Window);

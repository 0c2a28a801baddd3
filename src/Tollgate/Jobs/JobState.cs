namespace Tollgate.Jobs;

/// <summary>
/// An occurrence of a job as its <see cref="EnrichmentJobOrchestrator"/> carries it from page to page (through
/// <c>ContinueAsNew</c>), publishes it (custom status) while it runs, and returns it when it ends. The job's settings are
/// copied in when the occurrence starts, so a configuration change never alters a running occurrence or its replay.
/// </summary>
public sealed record JobState(
    string Job,
    DateTimeOffset Occurrence,
    string Workflow,
    string UserId,
    int Parallelism,
    decimal CostCeiling)
{
    /// <summary>When the occurrence's first page began (orchestration time).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it ended: no pending item left, or its ceiling reached.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Items whose run completed.</summary>
    public int Done { get; init; }

    /// <summary>Items whose run failed.</summary>
    public int Failed { get; init; }

    /// <summary>Item runs in flight when the status was published.</summary>
    public int InFlight { get; init; }

    /// <summary>What the finished item runs cost, from their run records (USD).</summary>
    public decimal Spent { get; init; }

    /// <summary>The next item's worst case would have passed <see cref="CostCeiling"/>: the rest were left pending.</summary>
    public bool StoppedOnCeiling { get; init; }

    /// <summary>Pages of items claimed so far (one orchestration execution each).</summary>
    public int Pages { get; init; }
}

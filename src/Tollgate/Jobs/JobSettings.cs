namespace Tollgate.Jobs;

/// <summary>
/// One scheduled enrichment job, <c>Tollgate:Jobs:{name}</c>: when it runs (<see cref="Schedule"/>), which workflow
/// each item runs (<see cref="Workflow"/>), who pays (<see cref="UserId"/>), how many item runs may be in flight at once
/// (<see cref="Parallelism"/>) and what one occurrence may spend in all (<see cref="CostCeiling"/>). Its items are the
/// job's partition of the <c>JobItems</c> table.
/// </summary>
public sealed class JobSettings
{
    /// <summary>NCRONTAB with seconds (six fields, as Functions timers use), in UTC: <c>0 0 2 * * *</c> is 02:00 daily.</summary>
    public string? Schedule { get; set; }

    /// <summary>The catalog workflow each item runs (<c>enrich-lead</c>).</summary>
    public string? Workflow { get; set; }

    /// <summary>The account whose budget pays for every item run.</summary>
    public string? UserId { get; set; }

    /// <summary>Item runs in flight at once, 1 to 256.</summary>
    public int? Parallelism { get; set; }

    /// <summary>What one occurrence may spend, in USD (&gt; 0); at least the workflow's own per-run ceiling.</summary>
    public decimal? CostCeiling { get; set; }
}

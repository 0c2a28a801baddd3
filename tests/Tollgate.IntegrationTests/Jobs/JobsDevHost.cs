using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.Jobs;

/// <summary>
/// A DevHost with two enrichment jobs whose schedules (1 January, 00:00) never fire during a test, so every occurrence is
/// fired from outside: <c>leads</c> (parallelism 4, room for every item) and <c>capped</c> (a ceiling (0.105) just above one
/// enrich-lead run's worst case of 0.10, so it stops after a few items).
/// </summary>
public sealed class JobsDevHost()
    : ConfiguredDevHost(new Dictionary<string, string?>
    {
        ["Tollgate:Jobs:leads:Schedule"] = Yearly,
        ["Tollgate:Jobs:leads:Workflow"] = "enrich-lead",
        ["Tollgate:Jobs:leads:UserId"] = "job-leads",
        ["Tollgate:Jobs:leads:Parallelism"] = "4",
        ["Tollgate:Jobs:leads:CostCeiling"] = "5.00",
        ["Tollgate:Jobs:capped:Schedule"] = Yearly,
        ["Tollgate:Jobs:capped:Workflow"] = "enrich-lead",
        ["Tollgate:Jobs:capped:UserId"] = "job-capped",
        ["Tollgate:Jobs:capped:Parallelism"] = "4",
        ["Tollgate:Jobs:capped:CostCeiling"] = "0.105",
    })
{
    public const string Yearly = "0 0 0 1 1 *";
}

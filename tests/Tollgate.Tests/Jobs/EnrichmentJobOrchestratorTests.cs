using System.Text.Json;
using Tollgate.Jobs;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Tests.Jobs;

/// <summary>The job orchestration's decisions: a sliding window of item runs, write-backs, pages and the cost ceiling.</summary>
public sealed class EnrichmentJobOrchestratorTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static JobState Job(int parallelism, decimal ceiling) => new("leads", Noon, "enrich-lead", "sales-ops", parallelism, ceiling);

    private static List<ClaimedItem> Items(int count, int from = 0) =>
        [.. Enumerable.Range(from, count).Select(i => new ClaimedItem($"item-{i}", $"run-{i}",
            new WorkflowStart("enrich-lead", "sales-ops", JsonSerializer.SerializeToElement(new { notes = $"lead {i}" }), new Dictionary<string, int>())))];

    private static Dictionary<string, decimal> Costs(int count, decimal each) =>
        Enumerable.Range(0, count).ToDictionary(i => $"item-{i}", _ => each);

    [Fact]
    public async Task ANewItemStartsAsSoonAsAnyRunEndsNeverMoreThanTheParallelism()
    {
        var context = new JobOrchestrationContext([Items(10)], Costs(10, 0.01m));
        Task<JobState> run = new EnrichmentJobOrchestrator().RunAsync(context, Job(3, 5m));

        Assert.Equal(3, context.Started.Count);
        context.Complete(1); // the middle one: no waiting for the first (not wave by wave)
        Assert.Equal(4, context.Started.Count);
        Assert.Equal(3, context.InFlight);
        for (int i = 0; i < 10; i++)
        {
            if (!context.Started[i].Run.Task.IsCompleted)
            {
                context.Complete(i);
            }

            Assert.True(context.InFlight <= 3);
        }

        JobState result = await run;
        Assert.Equal(10, context.Started.Select(s => s.RunId).Distinct().Count());
        Assert.Equal(10, context.Recorded.Sum(r => r.Items.Count));
        Assert.Equal(10, context.Recorded.SelectMany(r => r.Items).Select(i => i.ItemId).Distinct().Count());
        JobState next = Assert.IsType<JobState>(context.ContinuedAs);
        Assert.Equal((10, 0, 0.10m, 1, false), (next.Done, next.Failed, next.Spent, next.Pages, next.StoppedOnCeiling));
        Assert.Equal(Noon.AddSeconds(1), next.StartedAt);
        Assert.Null(next.FinishedAt);
        Assert.Equal(next, result);
    }

    [Fact]
    public async Task BatchWindowsAddUpToTheParallelismAndAnItemWakesItsBatchNotTheJob()
    {
        var context = new JobOrchestrationContext([Items(40)], Costs(40, 0.01m));
        Task<JobState> run = new EnrichmentJobOrchestrator().RunAsync(context, Job(6, 50m));

        // Parallelism 6: a batch of 16 items running 4 at once, and one of 8 running 2 at once.
        Assert.Equal([(16, 4), (8, 2)], context.Batches.Select(b => (b.Batch.Items.Count, b.Batch.Window)));
        Assert.Equal(6, context.InFlight);
        for (int i = 0; i < context.Started.Count; i++)
        {
            context.Complete(i);
            Assert.True(context.InFlight <= 6, $"{context.InFlight} item runs in flight after {i + 1} ended");
        }

        await run;
        Assert.Equal(40, context.Started.Select(s => s.RunId).Distinct().Count());
        Assert.Equal(context.Batches.Count, context.Batches.Select(b => b.InstanceId).Distinct().Count());
        Assert.All(context.Batches, b => Assert.StartsWith(context.InstanceId + ":0:", b.InstanceId, StringComparison.Ordinal));
        // One write-back per batch, each item once.
        Assert.Equal(context.Batches.Count, context.Recorded.Count);
        Assert.Equal(40, context.Recorded.SelectMany(r => r.Items).Select(i => i.ItemId).Distinct().Count());
        Assert.Equal(40, context.ContinuedAs!.Done);
    }

    [Fact]
    public async Task WriteBacksAreBatchedNotOnePerItem()
    {
        var context = new JobOrchestrationContext([Items(64)], Costs(64, 0.01m)) { CompleteAtOnce = true };

        await new EnrichmentJobOrchestrator().RunAsync(context, Job(16, 50m));

        Assert.Equal(64, context.Recorded.Sum(r => r.Items.Count));
        Assert.True(context.Recorded.Count <= 5, $"{context.Recorded.Count} write-backs for 64 items");
    }

    [Fact]
    public async Task TheOccurrenceStopsWhenTheNextWorstCaseWouldPassItsCeilingAndHandsTheRestBack()
    {
        // enrich-lead's worst case is 0.10 a run. Runs cost 0.09: three fit under 0.35 (reserved 0.30); for the fourth the
        // orchestration waits for them, learns they spent 0.27, and 0.27 + 0.10 would pass 0.35.
        var context = new JobOrchestrationContext([Items(8)], Costs(8, 0.09m)) { CompleteAtOnce = true };

        JobState result = await new EnrichmentJobOrchestrator().RunAsync(context, Job(4, 0.35m));

        Assert.Equal(3, context.Started.Count);
        Assert.True(result.StoppedOnCeiling);
        Assert.Equal((3, 0.27m), (result.Done, result.Spent));
        Assert.True(result.Spent <= 0.35m);
        ReleaseRequest released = Assert.Single(context.Released);
        Assert.Equal(["item-3", "item-4", "item-5", "item-6", "item-7"], released.ItemIds);
        Assert.Null(context.ContinuedAs);
        Assert.Equal(Noon.AddSeconds(1), result.FinishedAt);
        Assert.Equal(result, context.Statuses[^1]);
    }

    [Fact]
    public async Task CheapRunsFreeTheirReservationSoTheCeilingOnlyBitesOnRealSpending()
    {
        // Worst case 0.10, actual 0.01: a 0.35 ceiling holds three worst cases at once but pays for all eight.
        var context = new JobOrchestrationContext([Items(8)], Costs(8, 0.01m)) { CompleteAtOnce = true };

        await new EnrichmentJobOrchestrator().RunAsync(context, Job(4, 0.35m));

        Assert.Equal(8, context.Started.Count);
        Assert.Empty(context.Released);
        Assert.Equal((8, 0.08m, false), (context.ContinuedAs!.Done, context.ContinuedAs.Spent, context.ContinuedAs.StoppedOnCeiling));
    }

    [Fact]
    public async Task AFailedRunIsWrittenBackAsFailedAndTheOthersGoOn()
    {
        var context = new JobOrchestrationContext([Items(3)], Costs(3, 0.01m));
        Task<JobState> run = new EnrichmentJobOrchestrator().RunAsync(context, Job(3, 1m));
        context.Fail(0);
        context.Complete(1);
        context.Complete(2);

        await run;

        ItemOutcome failed = context.Recorded.SelectMany(r => r.Items).Single(i => !i.Succeeded);
        Assert.Equal("item-0", failed.ItemId);
        Assert.Contains("every deployment failed", failed.Error, StringComparison.Ordinal);
        Assert.Equal((2, 1), (context.ContinuedAs!.Done, context.ContinuedAs.Failed));
    }

    [Fact]
    public async Task AnItemThatAlreadyRanIsWrittenBackWithoutRunningAgain()
    {
        List<ClaimedItem> page = [new ClaimedItem("item-0", "run-0", null, RunStatus.Completed), .. Items(1, from: 1)];
        var context = new JobOrchestrationContext([page], Costs(2, 0.01m)) { CompleteAtOnce = true };

        await new EnrichmentJobOrchestrator().RunAsync(context, Job(2, 1m));

        Assert.Equal(["run-1"], context.Started.Select(s => s.RunId));
        Assert.Equal(["item-0", "item-1"], context.Recorded.SelectMany(r => r.Items).Select(i => i.ItemId).Order());
        Assert.Equal(2, context.ContinuedAs!.Done);
    }

    [Fact]
    public async Task ANextPageCarriesTheTotalsAndAnEmptyClaimEndsTheOccurrence()
    {
        var context = new JobOrchestrationContext([], new Dictionary<string, decimal>());
        JobState carried = Job(4, 1m) with { StartedAt = Noon.AddSeconds(1), Done = 40, Failed = 2, Spent = 0.5m, Pages = 3 };

        JobState result = await new EnrichmentJobOrchestrator().RunAsync(context, carried);

        Assert.Null(context.ContinuedAs);
        Assert.Equal(carried with { FinishedAt = Noon.AddSeconds(1) }, result);
        Assert.Empty(context.Started);
    }
}

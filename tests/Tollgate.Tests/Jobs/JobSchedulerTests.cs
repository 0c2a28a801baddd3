using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Jobs;

namespace Tollgate.Tests.Jobs;

/// <summary>Which occurrences are due, and that each starts once, driven by a fake clock.</summary>
public sealed class JobSchedulerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static (JobScheduler Scheduler, JobLauncher Launcher, FakeTimeProvider Time) Create(string schedule, DateTimeOffset now)
    {
        var options = Options.Create(new JobOptions
        {
            ["leads"] = new JobSettings { Schedule = schedule, Workflow = "enrich-lead", UserId = "sales-ops", Parallelism = 4, CostCeiling = 2m },
        });
        var time = new FakeTimeProvider(now);
        var launcher = new JobLauncher(options, NullLogger<JobLauncher>.Instance);
        return (new JobScheduler(options, launcher, time, NullLogger<JobScheduler>.Instance), launcher, time);
    }

    [Fact]
    public async Task TheLatestOccurrenceSinceTheLastCheckStartsOnceUnderItsOwnInstanceId()
    {
        (JobScheduler scheduler, _, FakeTimeProvider time) = Create("*/20 * * * * *", Noon.AddSeconds(5));
        var client = new DedupingDurableClient();

        IReadOnlyList<JobStart> first = await scheduler.StartDueAsync(client, CancellationToken.None);
        client.Finished.Add(first[0].InstanceId);
        time.Advance(TimeSpan.FromSeconds(60));
        IReadOnlyList<JobStart> second = await scheduler.StartDueAsync(client, CancellationToken.None);
        IReadOnlyList<JobStart> again = await scheduler.StartDueAsync(client, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(60));
        IReadOnlyList<JobStart> whileRunning = await scheduler.StartDueAsync(client, CancellationToken.None);

        // First check: nothing remembered, so it looks MaxCatchUp (2 min) back: 11:58:20 … 12:00:00 are due, the latest starts.
        Assert.Equal(["job:leads:20261129T120000Z"], first.Select(s => s.InstanceId));
        Assert.Equal(["job:leads:20261129T120100Z"], second.Select(s => s.InstanceId));
        Assert.Empty(again);
        // 12:01:00 is still running: 12:02:00 does not start beside it (it would have a ceiling of its own).
        Assert.Empty(whileRunning);
        Assert.Equal(2, client.Scheduled.Count);
        JobState state = Assert.IsType<JobState>(client.Scheduled[^1].Input);
        Assert.Equal(new JobState("leads", Noon.AddMinutes(1), "enrich-lead", "sales-ops", 4, 2m), state);
    }

    [Fact]
    public async Task AFreshSchedulerOverlappingAnEarlierCheckStartsNothingTwice()
    {
        // A restarted host (or another instance) has no memory of the last check and looks back again; the engine refuses repeats.
        (JobScheduler before, _, _) = Create("0 * * * * *", Noon.AddSeconds(30));
        (JobScheduler after, _, _) = Create("0 * * * * *", Noon.AddSeconds(31));
        var client = new DedupingDurableClient();

        IReadOnlyList<JobStart> first = await before.StartDueAsync(client, CancellationToken.None);
        IReadOnlyList<JobStart> second = await after.StartDueAsync(client, CancellationToken.None);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Single(client.Scheduled);
    }

    [Fact]
    public async Task AHostDownForADayDoesNotStartADayOfOccurrences()
    {
        (JobScheduler scheduler, _, FakeTimeProvider time) = Create("0 * * * * *", Noon);
        var client = new DedupingDurableClient();
        await scheduler.StartDueAsync(client, CancellationToken.None);
        client.Scheduled.Clear();

        time.Advance(TimeSpan.FromDays(1));
        IReadOnlyList<JobStart> started = await scheduler.StartDueAsync(client, CancellationToken.None);

        Assert.Single(started); // the latest occurrence, not 1,440
    }

    [Fact]
    public async Task TheLauncherAnswersARepeatWithTheExistingInstance()
    {
        (_, JobLauncher launcher, _) = Create("0 0 * * * *", Noon);
        var client = new DedupingDurableClient();

        JobStart first = await launcher.StartAsync(client, "LEADS", Noon, CancellationToken.None);
        JobStart second = await launcher.StartAsync(client, "leads", Noon, CancellationToken.None);

        Assert.Equal(new JobStart("job:leads:20261129T120000Z", true), first);
        Assert.Equal(new JobStart("job:leads:20261129T120000Z", false), second);
        Assert.Single(client.Scheduled);
    }

    [Fact]
    public async Task AnOccurrenceDoesNotStartWhileAnotherOfTheJobRuns()
    {
        (_, JobLauncher launcher, _) = Create("0 0 * * * *", Noon);
        var client = new DedupingDurableClient();
        await launcher.StartAsync(client, "leads", Noon, CancellationToken.None);

        JobStart overlapping = await launcher.StartAsync(client, "leads", Noon.AddHours(1), CancellationToken.None);
        client.Finished.Add("job:leads:20261129T120000Z");
        JobStart afterwards = await launcher.StartAsync(client, "leads", Noon.AddHours(1), CancellationToken.None);

        Assert.Equal(new JobStart("job:leads:20261129T130000Z", false, "job:leads:20261129T120000Z"), overlapping);
        Assert.Equal(new JobStart("job:leads:20261129T130000Z", true), afterwards);
    }

    [Theory]
    [InlineData("20261129T120000Z", true)]
    [InlineData("2026-11-29T12:00:00Z", true)]
    [InlineData("2026-11-29T13:00:00+01:00", true)]
    [InlineData("2026-11-29T12:00:00", false)]
    [InlineData("2026-11-29T12:00:00.5Z", false)]
    [InlineData("noon", false)]
    [InlineData("", false)]
    public void OccurrencesAreUtcInWholeSeconds(string text, bool valid)
    {
        Assert.Equal(valid, JobSchedule.TryParseOccurrence(text, out DateTimeOffset occurrence));
        if (valid)
        {
            Assert.Equal(Noon, occurrence);
            Assert.Equal(TimeSpan.Zero, occurrence.Offset);
        }
    }

    [Fact]
    public void AnOccurrenceMustBeOnTheSchedule()
    {
        Assert.True(JobSchedule.TryParse("0 0 2 * * *", out var cron, out _));

        Assert.True(JobSchedule.IsOccurrence(cron!, new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero)));
        Assert.False(JobSchedule.IsOccurrence(cron!, new DateTimeOffset(2026, 11, 29, 2, 0, 1, TimeSpan.Zero)));
    }
}

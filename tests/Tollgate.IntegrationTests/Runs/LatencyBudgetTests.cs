using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Models;
using Tollgate.Runs;
using Tollgate.Storage;
using Tollgate.Telemetry;

namespace Tollgate.IntegrationTests.Runs;

/// <summary>
/// A run's latency budget, judged when the run ends (<see cref="RunStore.CompleteAsync"/> on real Azurite): the model
/// latency summed over its attempts against the workflow's budget, on the record and, once per run, in the
/// <c>tollgate.run.latency_budget.breaches</c> metric. Attempt latencies are written as recorded, so no clock is waited on.
/// </summary>
public sealed class LatencyBudgetTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private readonly string _prefix = Azurite.UniqueTablePrefix();

    // A workflow name of this test's own, so other tests' runs in this process never count here.
    private readonly string _workflow = OwnTraffic.Marker("latency");
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, string? Workflow)> _breaches = [];
    private RunStore _runs = null!;

    public Task InitializeAsync()
    {
        Azurite.EnsureRunning();
        var tables = new TollgateTables(Options.Create(new StorageOptions { ConnectionString = Azurite.ConnectionString, TablePrefix = _prefix }),
            new Azure.Identity.DefaultAzureCredential());
        _runs = new RunStore(tables, new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)));

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // By name: this may run while TollgateTelemetry's static fields are still being initialized.
            if (instrument.Meter.Name == TollgateTelemetry.SourceName && instrument.Name == "tollgate.run.latency_budget.breaches")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? workflow = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == TollgateTelemetry.Attributes.Workflow)
                {
                    workflow = tag.Value as string;
                }
            }

            if (workflow == _workflow)
            {
                lock (_breaches)
                {
                    _breaches.Add((value, workflow));
                }
            }
        });
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Azurite.Table(_prefix + TollgateTables.RunsName).DeleteAsync();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task ARunWhoseAttemptsTogetherTookLongerThanItsBudgetIsMarkedAndCountedOnce()
    {
        string runId = await CreateRunAsync(attemptLatencies: [6_000, 4_500]);

        RunRecord completed = await _runs.CompleteAsync(Completion(runId), CancellationToken.None);

        Assert.Equal(10_500, completed.ModelLatencyMilliseconds);
        Assert.Equal(10_000, completed.LatencyBudgetMilliseconds);
        Assert.True(completed.LatencyBudgetExceeded);
        RunRecord stored = (await _runs.GetRunAsync(runId, CancellationToken.None))!;
        Assert.True(stored.LatencyBudgetExceeded);
        Assert.Equal(10_000, stored.LatencyBudgetMilliseconds);
        Assert.Equal(0.05m, stored.CostCeiling);
        Assert.Equal([(1L, (string?)_workflow)], Breaches());

        // Completing again (an activity re-run) changes nothing and is not counted again.
        RunRecord again = await _runs.CompleteAsync(Completion(runId), CancellationToken.None);
        Assert.True(again.LatencyBudgetExceeded);
        Assert.Single(Breaches());
    }

    [Fact]
    public async Task ARunThatTookExactlyItsBudgetIsWithinIt()
    {
        string runId = await CreateRunAsync(attemptLatencies: [7_000, 3_000]);

        RunRecord completed = await _runs.CompleteAsync(Completion(runId), CancellationToken.None);

        Assert.Equal(10_000, completed.ModelLatencyMilliseconds);
        Assert.False(completed.LatencyBudgetExceeded);
        Assert.Empty(Breaches());
    }

    [Fact]
    public async Task AFailedRunIsJudgedByTheSameBudget()
    {
        string runId = await CreateRunAsync(attemptLatencies: [11_000]);

        RunRecord failed = await _runs.CompleteAsync(Completion(runId) with
        {
            Status = RunStatus.Failed,
            Output = null,
            Error = "Step 'classify' got no answer.",
            FailureOutcome = AttemptOutcome.TimedOut,
        }, CancellationToken.None);

        Assert.True(failed.LatencyBudgetExceeded);
        Assert.Equal(AttemptOutcome.TimedOut, (await _runs.GetRunAsync(runId, CancellationToken.None))!.FailureOutcome);
        Assert.Single(Breaches());
    }

    [Fact]
    public async Task ARunThatWasNeverScheduledKeepsTheLimitsItWasCreatedWith()
    {
        // What intake records when the engine refused a run: no attempts, no limits on the completion.
        string runId = await CreateRunAsync(attemptLatencies: []);

        RunRecord recorded = await _runs.CompleteAsync(new RunCompletion(runId, RunStatus.Pending, null, "not scheduled"), CancellationToken.None);

        Assert.Equal(10_000, recorded.LatencyBudgetMilliseconds);
        Assert.Equal(0.05m, recorded.CostCeiling);
        Assert.False(recorded.LatencyBudgetExceeded);
        Assert.Equal(0, recorded.ModelLatencyMilliseconds);
        Assert.Empty(Breaches());
    }

    private static RunCompletion Completion(string runId) => new(runId, RunStatus.Completed, "{}", null, 0.05m, Budget);

    private List<(long Value, string? Workflow)> Breaches()
    {
        lock (_breaches)
        {
            return [.. _breaches];
        }
    }

    /// <summary>A started run (with its limits, as intake records them) and one finished attempt per latency.</summary>
    private async Task<string> CreateRunAsync(long[] attemptLatencies)
    {
        string runId = Guid.NewGuid().ToString("N");
        DateTimeOffset now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        Assert.True(await _runs.TryCreateAsync(new RunRecord(runId, _workflow, "alice", RunStatus.Pending, now, "sha", "{}",
            CostCeiling: 0.05m, LatencyBudgetMilliseconds: (long)Budget.TotalMilliseconds), CancellationToken.None));
        for (int i = 0; i < attemptLatencies.Length; i++)
        {
            await _runs.RecordAttemptAsync(new AttemptRecord(runId, "call", i + 1, "classify", "primary", "classify", 1, "hash", 100, 200,
                AttemptOutcome.Succeeded, now.AddSeconds(i), attemptLatencies[i], new TokenUsage(100, 0, 20, 0), new ModelCost(0.001m, 0m, 0.001m),
                CostIsEstimate: false), CancellationToken.None);
        }

        return runId;
    }
}

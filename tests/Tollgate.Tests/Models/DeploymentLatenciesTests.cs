using Microsoft.Extensions.Time.Testing;
using Tollgate.Models;

namespace Tollgate.Tests.Models;

/// <summary>
/// The per-deployment latency window on a fake clock: the p95 of recent answered calls, the minimum sample count before
/// it steers, samples that expire, and the reason a slow deployment is skipped. No real time passes.
/// </summary>
public sealed class DeploymentLatenciesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void FewerThanTheMinimumSamplesNeverSteer()
    {
        var latencies = new DeploymentLatencies(_time);
        for (int i = 0; i < DeploymentLatencies.MinimumSamples - 1; i++)
        {
            latencies.Record("primary", TimeSpan.FromSeconds(30));
        }

        Assert.Null(latencies.P95("primary"));
        Assert.Null(latencies.TooSlowFor("primary", TimeSpan.FromSeconds(1)));

        latencies.Record("primary", TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), latencies.P95("primary"));
    }

    [Fact]
    public void TheP95IsTheNearestRankOfTheWindow()
    {
        var latencies = new DeploymentLatencies(_time);
        // 1..100 ms in shuffled order: the 95th of 100 is 95 ms.
        foreach (int ms in Enumerable.Range(1, 100).OrderBy(i => i * 7919 % 101))
        {
            latencies.Record("primary", TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(95), latencies.P95("primary"));
        Assert.Null(latencies.P95("fallback"));
    }

    [Fact]
    public void OneSlowCallInTwentyDoesNotMoveTheP95()
    {
        var latencies = new DeploymentLatencies(_time);
        for (int i = 0; i < 19; i++)
        {
            latencies.Record("primary", TimeSpan.FromMilliseconds(200));
        }

        latencies.Record("primary", TimeSpan.FromSeconds(20));

        Assert.Equal(TimeSpan.FromMilliseconds(200), latencies.P95("primary"));
        latencies.Record("primary", TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(20), latencies.P95("primary"));
    }

    [Fact]
    public void SamplesExpireAfterTheWindow()
    {
        var latencies = new DeploymentLatencies(_time);
        for (int i = 0; i < DeploymentLatencies.MinimumSamples; i++)
        {
            latencies.Record("primary", TimeSpan.FromSeconds(8));
        }

        _time.Advance(DeploymentLatencies.Window);
        Assert.Equal(TimeSpan.FromSeconds(8), latencies.P95("primary"));
        latencies.Record("primary", TimeSpan.FromMilliseconds(100));

        _time.Advance(TimeSpan.FromMilliseconds(1));

        // The slow samples are gone; the one fast sample is not enough to steer.
        Assert.Null(latencies.P95("primary"));
    }

    [Fact]
    public void OnlyTheNewestSamplesAreKept()
    {
        var latencies = new DeploymentLatencies(_time);
        for (int i = 0; i < DeploymentLatencies.MaxSamples; i++)
        {
            latencies.Record("primary", TimeSpan.FromSeconds(10));
        }

        for (int i = 0; i < DeploymentLatencies.MaxSamples; i++)
        {
            latencies.Record("primary", TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(50), latencies.P95("primary"));
    }

    [Theory]
    [InlineData(AttemptOutcome.Succeeded, true)]
    [InlineData(AttemptOutcome.InvalidOutput, true)]
    [InlineData(AttemptOutcome.Refused, true)]
    [InlineData(AttemptOutcome.TimedOut, false)]
    [InlineData(AttemptOutcome.ServerError, false)]
    [InlineData(AttemptOutcome.RateLimited, false)]
    [InlineData(AttemptOutcome.CircuitOpen, false)]
    [InlineData(AttemptOutcome.TooSlow, false)]
    public void OnlyAnsweredCallsAreSamples(AttemptOutcome outcome, bool counts)
    {
        var latencies = new DeploymentLatencies(_time);
        var result = new ModelAttemptResult(outcome, "primary", null, null, null, null, 10, 10, TokenUsage.None, ModelCost.Zero, 9_000);
        for (int i = 0; i < DeploymentLatencies.MinimumSamples; i++)
        {
            latencies.Record("primary", result);
        }

        Assert.Equal(counts, latencies.P95("primary") is not null);
    }

    [Fact]
    public void ASlowDeploymentIsNamedWithItsP95AndTheBudget()
    {
        var latencies = new DeploymentLatencies(_time);
        for (int i = 0; i < DeploymentLatencies.MinimumSamples; i++)
        {
            latencies.Record("PRIMARY", TimeSpan.FromMilliseconds(6_200));
        }

        Assert.Null(latencies.TooSlowFor("primary", TimeSpan.FromMilliseconds(6_200)));
        Assert.Equal("Recent p95 latency of primary is 6200 ms, over the step's latency budget of 5000 ms; nothing was sent.",
            latencies.TooSlowFor("primary", TimeSpan.FromSeconds(5)));
    }
}

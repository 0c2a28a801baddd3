using Microsoft.Extensions.Time.Testing;
using Tollgate.Models;

namespace Tollgate.Tests.Models;

/// <summary>
/// The per-deployment circuit breaker on a fake clock: which outcomes open it, that an open circuit sends
/// nothing, and that it lets calls through again once its break is over. No real time passes.
/// </summary>
public sealed class DeploymentCircuitsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private int _sent;

    /// <summary>Outcome → whether repeated outcomes of this kind open the deployment's circuit.</summary>
    public static TheoryData<AttemptOutcome, bool> Opens => new()
    {
        // The deployment is failing.
        { AttemptOutcome.ServerError, true },
        { AttemptOutcome.TimedOut, true },
        { AttemptOutcome.Unreachable, true },
        { AttemptOutcome.RateLimited, true },
        // Not the deployment's fault: our worker died, our budget, our prompt, its own open circuit, the content.
        { AttemptOutcome.Succeeded, false },
        { AttemptOutcome.Interrupted, false },
        { AttemptOutcome.BudgetExceeded, false },
        { AttemptOutcome.CircuitOpen, false },
        { AttemptOutcome.ContextTooLong, false },
        { AttemptOutcome.ContentFiltered, false },
        { AttemptOutcome.Rejected, false },
        // The deployment answered; the answer or the run's ceiling is the problem.
        { AttemptOutcome.InvalidOutput, false },
        { AttemptOutcome.Refused, false },
        { AttemptOutcome.CostCeiling, false },
        // Nothing was sent: answered from the cache, or steered away because the deployment is slow.
        { AttemptOutcome.Cached, false },
        { AttemptOutcome.ServedStale, false },
        { AttemptOutcome.TooSlow, false },
    };

    [Fact]
    public void EveryOutcomeIsDecided()
    {
        Assert.Equal(Enum.GetValues<AttemptOutcome>().Order(), Opens.Select(row => (AttemptOutcome)row[0]).Order());
    }

    [Theory]
    [MemberData(nameof(Opens))]
    public async Task RepeatedOutcomesOpenTheCircuitOnlyWhenTheDeploymentIsFailing(AttemptOutcome outcome, bool opens)
    {
        var circuits = new DeploymentCircuits(_time);
        for (int i = 0; i < DeploymentCircuits.MinimumThroughput; i++)
        {
            Assert.NotNull(await SendAsync(circuits, "primary", outcome));
        }

        ModelAttemptResult? next = await SendAsync(circuits, "primary", AttemptOutcome.Succeeded);

        Assert.Equal(opens, next is null);
        Assert.Equal(DeploymentCircuits.MinimumThroughput + (opens ? 0 : 1), _sent);
    }

    [Fact]
    public async Task AnOpenCircuitSendsNothingUntilItsBreakIsOverAndOnlyForItsDeployment()
    {
        var circuits = new DeploymentCircuits(_time);
        for (int i = 0; i < DeploymentCircuits.MinimumThroughput; i++)
        {
            await SendAsync(circuits, "primary", AttemptOutcome.ServerError);
        }

        Assert.Null(await SendAsync(circuits, "primary", AttemptOutcome.Succeeded));
        Assert.NotNull(await SendAsync(circuits, "fallback", AttemptOutcome.Succeeded));

        _time.Advance(DeploymentCircuits.BreakDuration - TimeSpan.FromMilliseconds(1));
        Assert.Null(await SendAsync(circuits, "primary", AttemptOutcome.Succeeded));

        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.NotNull(await SendAsync(circuits, "primary", AttemptOutcome.Succeeded));
        Assert.NotNull(await SendAsync(circuits, "primary", AttemptOutcome.Succeeded));
        Assert.Equal(DeploymentCircuits.MinimumThroughput + 3, _sent);
    }

    [Fact]
    public async Task FewerCallsThanTheMinimumThroughputNeverOpenIt()
    {
        var circuits = new DeploymentCircuits(_time);
        for (int i = 0; i < DeploymentCircuits.MinimumThroughput - 1; i++)
        {
            await SendAsync(circuits, "primary", AttemptOutcome.ServerError);
        }

        Assert.NotNull(await SendAsync(circuits, "primary", AttemptOutcome.Succeeded));
    }

    private Task<ModelAttemptResult?> SendAsync(DeploymentCircuits circuits, string deployment, AttemptOutcome outcome) =>
        circuits.SendAsync(deployment, _ =>
        {
            _sent++;
            return Task.FromResult(new ModelAttemptResult(outcome, deployment, null, null, null, null, 0, 0, TokenUsage.None, ModelCost.Zero, 0));
        }, CancellationToken.None);
}

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Budgets;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Storage;

namespace Tollgate.IntegrationTests.Budgets;

/// <summary>No reservation leaks forever: stale ones are settled at their full amount; fresh ones are left alone.</summary>
public sealed class ReservationSweeperTests : IAsyncLifetime
{
    private readonly string _prefix = Azurite.UniqueTablePrefix();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private BudgetLedger _ledger = null!;
    private ReservationSweeper _sweeper = null!;

    public Task InitializeAsync()
    {
        Azurite.EnsureRunning();
        _ledger = Azurite.Ledger(_prefix, monthlyLimit: 1.00m, _time);
        _sweeper = new ReservationSweeper(_ledger, _time, NullLogger<ReservationSweeper>.Instance);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Azurite.Table(_prefix + TollgateTables.BudgetsName).DeleteAsync();

    [Fact]
    public async Task StaleReservationsAreChargedInFullAndFreshOnesAreLeftAlone()
    {
        Assert.True((await _ledger.ReserveAsync("ann", "abandoned", 0.20m, CancellationToken.None)).Granted);
        Assert.True((await _ledger.ReserveAsync("ben", "abandoned-too", 0.05m, CancellationToken.None)).Granted);
        _time.Advance(ReservationSweeper.StaleAfter + TimeSpan.FromMinutes(1));
        Assert.True((await _ledger.ReserveAsync("ann", "in-flight", 0.30m, CancellationToken.None)).Granted);

        int settled = await _sweeper.SweepAsync(ReservationSweeper.StaleAfter, CancellationToken.None);

        Assert.Equal(2, settled);
        BudgetState ann = await _ledger.GetAsync("ann", CancellationToken.None);
        Assert.Equal(0.20m, ann.Spent);
        Assert.Equal(0.30m, ann.Reserved);
        BudgetState ben = await _ledger.GetAsync("ben", CancellationToken.None);
        Assert.Equal(0.05m, ben.Spent);
        Assert.Equal(0m, ben.Reserved);

        // The in-flight call settles normally afterwards, and a second sweep finds nothing.
        await _ledger.SettleAsync("ann", "in-flight", 0.10m, CancellationToken.None);
        Assert.Equal(0, await _sweeper.SweepAsync(ReservationSweeper.StaleAfter, CancellationToken.None));
        Assert.Equal(0.30m, (await _ledger.GetAsync("ann", CancellationToken.None)).Spent);
    }
}

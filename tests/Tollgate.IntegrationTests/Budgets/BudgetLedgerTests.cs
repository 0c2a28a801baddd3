using Tollgate.Budgets;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Storage;

namespace Tollgate.IntegrationTests.Budgets;

/// <summary>The ledger on real Azurite: entity group transactions with ETags, under real concurrency.</summary>
public sealed class BudgetLedgerTests : IAsyncLifetime
{
    private readonly string _prefix = Azurite.UniqueTablePrefix();
    private BudgetLedger _ledger = null!;

    public Task InitializeAsync()
    {
        Azurite.EnsureRunning();
        _ledger = Azurite.Ledger(_prefix, monthlyLimit: 1.00m, TimeProvider.System);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Azurite.Table(_prefix + TollgateTables.BudgetsName).DeleteAsync();

    [Fact]
    public async Task ConcurrentReservationsNeverExceedTheLimit()
    {
        // 40 callers race for 0.15 each against a limit of 1.00: exactly 6 fit.
        Reservation[] answers = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => _ledger.ReserveAsync("racer", $"r{i}", 0.15m, CancellationToken.None))));

        Assert.Equal(6, answers.Count(a => a.Granted));
        BudgetState state = await _ledger.GetAsync("racer", CancellationToken.None);
        Assert.Equal(0.90m, state.Reserved);
        Assert.Equal(0m, state.Spent);
        Assert.True(state.Spent + state.Reserved <= state.Limit);
    }

    [Fact]
    public async Task SettlingChargesTheRealCostAndFreesTheRest()
    {
        Assert.True((await _ledger.ReserveAsync("alice", "call-1", 0.40m, CancellationToken.None)).Granted);

        await _ledger.SettleAsync("alice", "call-1", 0.05m, CancellationToken.None);

        BudgetState state = await _ledger.GetAsync("alice", CancellationToken.None);
        Assert.Equal(0.05m, state.Spent);
        Assert.Equal(0m, state.Reserved);
        Assert.Equal(0.95m, state.Available);
    }

    [Fact]
    public async Task ReservingOrSettlingTwiceChangesNothing()
    {
        Assert.True((await _ledger.ReserveAsync("bob", "call-1", 0.30m, CancellationToken.None)).Granted);
        Assert.True((await _ledger.ReserveAsync("bob", "call-1", 0.30m, CancellationToken.None)).Granted);
        Assert.Equal(0.30m, (await _ledger.GetAsync("bob", CancellationToken.None)).Reserved);

        await _ledger.SettleAsync("bob", "call-1", 0.10m, CancellationToken.None);
        await _ledger.SettleAsync("bob", "call-1", 0.10m, CancellationToken.None);

        BudgetState state = await _ledger.GetAsync("bob", CancellationToken.None);
        Assert.Equal(0.10m, state.Spent);
        Assert.Equal(0m, state.Reserved);
    }

    [Fact]
    public async Task ConcurrentSettlementsAllLand()
    {
        for (int i = 0; i < 10; i++)
        {
            Assert.True((await _ledger.ReserveAsync("carol", $"c{i}", 0.09m, CancellationToken.None)).Granted);
        }

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => _ledger.SettleAsync("carol", $"c{i}", 0.01m, CancellationToken.None))));

        BudgetState state = await _ledger.GetAsync("carol", CancellationToken.None);
        Assert.Equal(0.10m, state.Spent);
        Assert.Equal(0m, state.Reserved);
    }

    [Fact]
    public async Task AReservationThatDoesNotFitIsRefusedWithWhatIsLeft()
    {
        Assert.True((await _ledger.ReserveAsync("dave", "big", 0.75m, CancellationToken.None)).Granted);

        Reservation refused = await _ledger.ReserveAsync("dave", "too-big", 0.30m, CancellationToken.None);

        Assert.False(refused.Granted);
        Assert.Equal(0.25m, refused.Available);
        Assert.Equal(0.75m, (await _ledger.GetAsync("dave", CancellationToken.None)).Reserved);
    }
}

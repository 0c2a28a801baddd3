using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Tollgate.Storage;

namespace Tollgate.Budgets;

/// <summary>
/// Per-user budgets that are never exceeded under concurrency. Before a model call its worst-case cost
/// is reserved; after it the real cost is settled. Each change is one entity group transaction in the
/// user's partition — the budget row (guarded by its ETag) together with the reservation row — so a
/// reservation exists exactly when its amount is counted in <see cref="BudgetState.Reserved"/>, and
/// spent + reserved never passes the limit. Reserving or settling twice changes nothing.
/// </summary>
/// <remarks>
/// Within one instance, writes to one user's budget go one at a time (a striped lock): concurrent calls of one
/// user would otherwise mostly lose the ETag race and retry, each retry a storage round trip that slows the
/// winners too. Users whose ids share a stripe (one in 256) wait for each other too, within one instance only.
/// Across instances the ETag alone keeps the ledger exact.
/// </remarks>
// CA1001: the stripes are SemaphoreSlims whose wait handle is never created, so they hold nothing to release, and a
// disposable singleton would turn a late Release into an ObjectDisposedException after a committed write.
#pragma warning disable CA1001
public sealed class BudgetLedger(TollgateTables tables, IOptionsMonitor<BudgetOptions> options, TimeProvider time)
#pragma warning restore CA1001
{
    internal const string ReservationRowPrefix = "reservation|";
    private const string BudgetRowPrefix = "budget|";
    private const int MaxConflictRetries = 50;
    private const int WriterStripes = 256;

    private readonly SemaphoreSlim[] _writers = [.. Enumerable.Range(0, WriterStripes).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<BudgetState> GetAsync(string userId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.Budgets.GetAsync(cancellationToken).ConfigureAwait(false);
        string period = CurrentPeriod();
        TableEntity? row = await table.FindAsync(userId, BudgetRowPrefix + period, cancellationToken).ConfigureAwait(false);
        return row is null ? new BudgetState(userId, period, options.CurrentValue.DefaultMonthlyLimit, 0m, 0m) : ToState(row);
    }

    /// <summary>Reserves <paramref name="amount"/> for <paramref name="reservationId"/>, or refuses if it does not fit.</summary>
    public Task<Reservation> ReserveAsync(string userId, string reservationId, decimal amount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        return OneWriterPerUserAsync(userId, () => ReserveContendedAsync(userId, reservationId, amount, cancellationToken), cancellationToken);
    }

    private async Task<Reservation> ReserveContendedAsync(string userId, string reservationId, decimal amount, CancellationToken cancellationToken)
    {
        TableClient table = await tables.Budgets.GetAsync(cancellationToken).ConfigureAwait(false);
        string period = CurrentPeriod();
        for (int attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            (TableEntity? open, TableEntity? row) = await ReadPairAsync(table, userId, ReservationRowPrefix + reservationId, BudgetRowPrefix + period,
                cancellationToken).ConfigureAwait(false);
            BudgetState state = row is null
                ? new BudgetState(userId, period, options.CurrentValue.DefaultMonthlyLimit, 0m, 0m)
                : ToState(row);
            if (open is not null)
            {
                return new Reservation(true, state.Available, TableMoney.Parse(open.GetString("Amount")));
            }

            if (amount > state.Available)
            {
                return new Reservation(false, state.Available);
            }

            BudgetState reserved = state with { Reserved = state.Reserved + amount };
            var reservation = new TableEntity(userId, ReservationRowPrefix + reservationId)
            {
                ["Period"] = period,
                ["Amount"] = TableMoney.Format(amount),
                ["CreatedAt"] = time.GetUtcNow(),
            };
            TableTransactionAction budgetAction = row is null
                ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(reserved))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(reserved), row.ETag);
            if (await TrySubmitAsync(table, [budgetAction, new TableTransactionAction(TableTransactionActionType.Add, reservation)], cancellationToken)
                    .ConfigureAwait(false))
            {
                return new Reservation(true, reserved.Available);
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The budget of {userId} stayed contended for {MaxConflictRetries} attempts.");
    }

    /// <summary>
    /// Releases a reservation and charges what the call really cost. A reservation already settled
    /// (or never made) changes nothing, so a retried activity cannot charge twice.
    /// </summary>
    public Task SettleAsync(string userId, string reservationId, decimal actual, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        return OneWriterPerUserAsync(userId, async () =>
        {
            await SettleContendedAsync(userId, reservationId, actual, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private async Task SettleContendedAsync(string userId, string reservationId, decimal actual, CancellationToken cancellationToken)
    {
        TableClient table = await tables.Budgets.GetAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            // The reservation's period is almost always the current one: read both rows at once, and the budget row
            // again only for a reservation made before the month turned.
            (TableEntity? reservation, TableEntity? row) = await ReadPairAsync(table, userId, ReservationRowPrefix + reservationId,
                BudgetRowPrefix + CurrentPeriod(), cancellationToken).ConfigureAwait(false);
            if (reservation is null)
            {
                return;
            }

            string period = reservation.GetString("Period");
            if (row is null || row.RowKey != BudgetRowPrefix + period)
            {
                row = await table.FindAsync(userId, BudgetRowPrefix + period, cancellationToken).ConfigureAwait(false);
            }

            if (row is null)
            {
                throw new InvalidOperationException($"Reservation {reservationId} of {userId} has no budget row for {period}.");
            }

            BudgetState state = ToState(row);
            decimal amount = TableMoney.Parse(reservation.GetString("Amount"));
            BudgetState settled = state with { Reserved = state.Reserved - amount, Spent = state.Spent + actual };
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Delete, reservation, reservation.ETag),
                new(TableTransactionActionType.UpdateReplace, ToEntity(settled), row.ETag),
            ];
            if (await TrySubmitAsync(table, actions, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The budget of {userId} stayed contended for {MaxConflictRetries} attempts.");
    }

    /// <summary>Open reservations, of every user, created before <paramref name="before"/>.</summary>
    internal async IAsyncEnumerable<TableEntity> OpenReservationsAsync(DateTimeOffset before,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableClient table = await tables.Budgets.GetAsync(cancellationToken).ConfigureAwait(false);
        // '}' sorts right after '|', so this range holds exactly the rows whose key starts with the prefix.
        string filter = TableClient.CreateQueryFilter(
            $"RowKey ge {ReservationRowPrefix} and RowKey lt {"reservation}"} and CreatedAt lt {before}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    private async Task<T> OneWriterPerUserAsync<T>(string userId, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        SemaphoreSlim writer = _writers[(int)((uint)StringComparer.Ordinal.GetHashCode(userId) % WriterStripes)];
        await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>
    /// Two point reads at once: one round trip's wait instead of two (the budget row changes under contention, so
    /// every saved wait is a shorter window for another writer to win).
    /// </summary>
    private static async Task<(TableEntity? First, TableEntity? Second)> ReadPairAsync(TableClient table, string partitionKey, string firstRowKey,
        string secondRowKey, CancellationToken cancellationToken)
    {
        Task<TableEntity?> first = table.FindAsync(partitionKey, firstRowKey, cancellationToken);
        Task<TableEntity?> second = table.FindAsync(partitionKey, secondRowKey, cancellationToken);
        await Task.WhenAll(first, second).ConfigureAwait(false);
        return (await first.ConfigureAwait(false), await second.ConfigureAwait(false));
    }

    /// <summary>
    /// Exponential backoff with full jitter after losing a race (5 ms doubling to a 200 ms cap), so many contenders
    /// for one user's row spread out instead of colliding again. Wall-clock on purpose: it paces storage calls, it
    /// is not business time a test would fake.
    /// </summary>
    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(200, 5 << Math.Min(attempt, 6)) + 1)), cancellationToken);

    /// <summary>Submits one transaction; false when another writer got there first (stale ETag, row added or removed meanwhile).</summary>
    private static async Task<bool> TrySubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    private string CurrentPeriod() => time.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(BudgetState state) => new(state.UserId, BudgetRowPrefix + state.Period)
    {
        ["Limit"] = TableMoney.Format(state.Limit),
        ["Spent"] = TableMoney.Format(state.Spent),
        ["Reserved"] = TableMoney.Format(state.Reserved),
    };

    private static BudgetState ToState(TableEntity row) => new(
        row.PartitionKey,
        row.RowKey[BudgetRowPrefix.Length..],
        TableMoney.Parse(row.GetString("Limit")),
        TableMoney.Parse(row.GetString("Spent")),
        TableMoney.Parse(row.GetString("Reserved")));
}

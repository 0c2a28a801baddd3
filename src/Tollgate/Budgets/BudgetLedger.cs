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
public sealed class BudgetLedger(TollgateTables tables, IOptionsMonitor<BudgetOptions> options, TimeProvider time)
{
    internal const string ReservationRowPrefix = "reservation|";
    private const string BudgetRowPrefix = "budget|";
    private const int MaxConflictRetries = 50;

    public async Task<BudgetState> GetAsync(string userId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.Budgets.GetAsync(cancellationToken).ConfigureAwait(false);
        string period = CurrentPeriod();
        TableEntity? row = await table.FindAsync(userId, BudgetRowPrefix + period, cancellationToken).ConfigureAwait(false);
        return row is null ? new BudgetState(userId, period, options.CurrentValue.DefaultMonthlyLimit, 0m, 0m) : ToState(row);
    }

    /// <summary>Reserves <paramref name="amount"/> for <paramref name="reservationId"/>, or refuses if it does not fit.</summary>
    public async Task<Reservation> ReserveAsync(string userId, string reservationId, decimal amount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        TableClient table = await tables.Budgets.GetAsync(cancellationToken).ConfigureAwait(false);
        string period = CurrentPeriod();
        for (int attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            if (await table.FindAsync(userId, ReservationRowPrefix + reservationId, cancellationToken).ConfigureAwait(false) is { } open)
            {
                return new Reservation(true, (await GetAsync(userId, cancellationToken).ConfigureAwait(false)).Available,
                    TableMoney.Parse(open.GetString("Amount")));
            }

            TableEntity? row = await table.FindAsync(userId, BudgetRowPrefix + period, cancellationToken).ConfigureAwait(false);
            BudgetState state = row is null
                ? new BudgetState(userId, period, options.CurrentValue.DefaultMonthlyLimit, 0m, 0m)
                : ToState(row);
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
    public async Task SettleAsync(string userId, string reservationId, decimal actual, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        TableClient table = await tables.Budgets.GetAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            TableEntity? reservation = await table.FindAsync(userId, ReservationRowPrefix + reservationId, cancellationToken).ConfigureAwait(false);
            if (reservation is null)
            {
                return;
            }

            string period = reservation.GetString("Period");
            TableEntity row = await table.FindAsync(userId, BudgetRowPrefix + period, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Reservation {reservationId} of {userId} has no budget row for {period}.");
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

    /// <summary>
    /// A short, jittered, growing pause after losing a race, so contenders spread out instead of colliding
    /// again. Wall-clock on purpose: it paces storage calls, it is not business time a test would fake.
    /// </summary>
    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + (5 * Math.Min(attempt, 10)))), cancellationToken);

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

using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Tollgate.Budgets;

/// <summary>
/// No reservation leaks forever. A reservation still open long after any call could have lasted (its
/// orchestration was terminated, or its activity failed before settling and was never re-run) is settled at
/// its full amount: the call's outcome is unknown, so it is charged, never released for free.
/// </summary>
public sealed partial class ReservationSweeper(BudgetLedger ledger, TimeProvider time, ILogger<ReservationSweeper> logger)
{
    /// <summary>When the sweep runs (NCRONTAB with seconds, as Functions timers use): every five minutes.</summary>
    public const string Schedule = "0 */5 * * * *";

    /// <summary>
    /// Older than this, a reservation cannot belong to a call in flight: longer than host.json's
    /// functionTimeout (10 minutes), which bounds every activity.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    /// <summary>Settles every reservation created before now minus <paramref name="staleAfter"/>; returns how many.</summary>
    public async Task<int> SweepAsync(TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        DateTimeOffset before = time.GetUtcNow() - staleAfter;
        int settled = 0;
        await foreach (TableEntity reservation in ledger.OpenReservationsAsync(before, cancellationToken).ConfigureAwait(false))
        {
            string reservationId = reservation.RowKey[BudgetLedger.ReservationRowPrefix.Length..];
            decimal amount = Storage.TableMoney.Parse(reservation.GetString("Amount"));
            await ledger.SettleAsync(reservation.PartitionKey, reservationId, amount, cancellationToken).ConfigureAwait(false);
            LogSettled(reservation.PartitionKey, reservationId, amount);
            settled++;
        }

        return settled;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Stale reservation {ReservationId} of {UserId} settled at its full amount {Amount}: the call's outcome is unknown")]
    private partial void LogSettled(string userId, string reservationId, decimal amount);
}

using Microsoft.Azure.Functions.Worker;
using Tollgate.Budgets;

namespace Tollgate.Functions.Budgets;

/// <summary>Every five minutes → <see cref="ReservationSweeper"/>. Timer triggers run once per occurrence across instances.</summary>
public sealed class ReservationSweepTrigger(ReservationSweeper sweeper)
{
    [Function(nameof(ReservationSweepTrigger))]
    public Task RunAsync([TimerTrigger(ReservationSweeper.Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(ReservationSweeper.StaleAfter, cancellationToken);
}

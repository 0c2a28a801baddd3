using Cronos;
using Tollgate.Budgets;

namespace Tollgate.DevHost;

/// <summary>
/// The DevHost's stand-in for the Functions timer trigger: runs <see cref="ReservationSweeper"/> on the same
/// NCRONTAB schedule (<see cref="ReservationSweeper.Schedule"/>, with seconds).
/// </summary>
public sealed partial class ScheduledSweep(ReservationSweeper sweeper, TimeProvider time, ILogger<ScheduledSweep> logger) : BackgroundService
{
    public string Schedule { get; } = ReservationSweeper.Schedule;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        CronExpression schedule = CronExpression.Parse(Schedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = time.GetUtcNow();
            DateTimeOffset next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddMinutes(5);
            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                await sweeper.SweepAsync(ReservationSweeper.StaleAfter, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex); // like a failed timer run: the next occurrence tries again
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reservation sweep failed; the next occurrence will try again")]
    private partial void LogFailed(Exception exception);
}

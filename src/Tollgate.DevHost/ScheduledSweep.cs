using Cronos;
using Tollgate.Budgets;
using Microsoft.DurableTask.Client;
using Tollgate.Caching;
using Tollgate.Jobs;

namespace Tollgate.DevHost;

/// <summary>
/// The DevHost's stand-in for a Functions timer trigger: runs one sweep on the same NCRONTAB schedule (with seconds)
/// as its trigger — <see cref="ReservationSweeper"/> every five minutes, <see cref="ResponseCacheSweeper"/> every hour,
/// <see cref="JobScheduler"/> (enrichment jobs due) every minute.
/// </summary>
public sealed partial class ScheduledSweep(string name, string schedule, Func<CancellationToken, Task> sweep, TimeProvider time, ILogger<ScheduledSweep> logger)
    : BackgroundService
{
    public string Name { get; } = name;

    public string Schedule { get; } = schedule;

    /// <summary>The sweeps of the Functions app's timer triggers, each as a hosted service.</summary>
    public static IServiceCollection AddScheduledSweeps(IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(provider => Create(provider, "reservation", ReservationSweeper.Schedule,
            token => provider.GetRequiredService<ReservationSweeper>().SweepAsync(ReservationSweeper.StaleAfter, token)));
        services.AddSingleton<IHostedService>(provider => Create(provider, "response cache", ResponseCacheSweeper.Schedule,
            token => provider.GetRequiredService<ResponseCacheSweeper>().SweepAsync(token)));
        services.AddSingleton<IHostedService>(provider => Create(provider, "job", JobScheduler.Schedule,
            token => provider.GetRequiredService<JobScheduler>().StartDueAsync(provider.GetRequiredService<DurableTaskClient>(), token)));
        return services;
    }

    private static ScheduledSweep Create(IServiceProvider provider, string name, string schedule, Func<CancellationToken, Task> sweep) =>
        new(name, schedule, sweep, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ScheduledSweep>>());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        CronExpression cron = CronExpression.Parse(Schedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = time.GetUtcNow();
            DateTimeOffset next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddMinutes(5);
            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                await sweep(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, Name); // like a failed timer run: the next occurrence tries again
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Sweep} sweep failed; the next occurrence will try again")]
    private partial void LogFailed(Exception exception, string sweep);
}

using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tollgate.Jobs;

/// <summary>
/// The job timer's work, every minute in both hosts: for each job, the latest occurrence of its schedule since the last
/// check (looking at most <see cref="MaxCatchUp"/> back) is started through <see cref="JobLauncher"/>. Earlier ones missed
/// in that span fold into it, as a Functions timer runs once for missed schedules: each occurrence works through every
/// pending item, and occurrences of one job never overlap (each has the job's whole ceiling). One already started is
/// refused by the engine, so overlapping checks across restarts or instances start nothing twice.
/// </summary>
public sealed partial class JobScheduler(IOptions<JobOptions> options, JobLauncher launcher, TimeProvider time, ILogger<JobScheduler> logger)
{
    /// <summary>The timer's NCRONTAB schedule: the start of every minute.</summary>
    public const string Schedule = "0 * * * * *";

    /// <summary>How far back a check looks when it does not know the previous one (first tick, another instance's last).</summary>
    public static readonly TimeSpan MaxCatchUp = TimeSpan.FromMinutes(2);

    private DateTimeOffset? _lastCheck;

    /// <summary>Starts each job's latest occurrence due since the previous check; returns those this call started.</summary>
    public async Task<IReadOnlyList<JobStart>> StartDueAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset earliest = now - MaxCatchUp;
        DateTimeOffset since = _lastCheck is { } last && last > earliest ? last : earliest;
        var started = new List<JobStart>();
        bool failed = false;
        foreach ((string job, JobSettings settings) in options.Value)
        {
            if (!JobSchedule.TryParse(settings.Schedule!, out var cron, out _))
            {
                continue; // refused at start-up; never reached in a running app
            }

            List<DateTimeOffset> due = [.. JobSchedule.Between(cron!, since, now)];
            if (due.Count > 0)
            {
                DateTimeOffset occurrence = due[^1];
                try
                {
                    JobStart start = await launcher.StartAsync(client, job, occurrence, cancellationToken).ConfigureAwait(false);
                    if (start.Started)
                    {
                        started.Add(start);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One job's engine failure must not keep the others from starting; the next check retries within MaxCatchUp.
                    LogNotStarted(ex, JobSchedule.InstanceId(job, occurrence));
                    failed = true;
                }
            }
        }

        // After a failure the next check looks at the same span again (up to MaxCatchUp): repeats start nothing.
        _lastCheck = failed ? since : now;
        return started;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job occurrence {InstanceId} could not be started; the next check retries it")]
    private partial void LogNotStarted(Exception exception, string instanceId);
}

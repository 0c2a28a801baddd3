using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tollgate.Jobs;

namespace Tollgate.Functions.Jobs;

/// <summary>Every minute → <see cref="JobScheduler"/>: starts each job's occurrences that fell due since the last check.</summary>
public sealed class JobTimerTrigger(JobScheduler scheduler)
{
    [Function(nameof(JobTimerTrigger))]
    public Task RunAsync([TimerTrigger(JobScheduler.Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        scheduler.StartDueAsync(client, cancellationToken);
}

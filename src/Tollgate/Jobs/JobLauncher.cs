using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Intake;

namespace Tollgate.Jobs;

/// <summary>
/// Starts a job occurrence: one <see cref="EnrichmentJobOrchestrator"/> under the instance id derived from the
/// occurrence, scheduled with every dedupe status, so a second fire of the same occurrence — a repeated timer, a
/// restart, an operator's repeat — is refused by the engine and starts nothing. A new occurrence does not start while
/// another of the same job is still running: each occurrence has the job's whole cost ceiling and parallelism, so
/// overlapping ones (a schedule faster than a run, or repeated fires of "now") would multiply both. The check reads the
/// engine's instances first, so two different occurrences fired in the same instant can still both start.
/// </summary>
public sealed partial class JobLauncher(IOptions<JobOptions> options, ILogger<JobLauncher> logger)
{
    public async Task<JobStart> StartAsync(DurableTaskClient client, string job, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        JobSettings settings = options.Value.TryGetValue(job, out JobSettings? found) ? found
            : throw new ArgumentException($"No job named '{job}' is configured.", nameof(job));
        string name = Canonical(job);
        string instanceId = JobSchedule.InstanceId(name, occurrence);
        var state = new JobState(name, occurrence, settings.Workflow!, settings.UserId!, settings.Parallelism!.Value, settings.CostCeiling!.Value);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new JobStart(instanceId, false);
        }

        if (await RunningOccurrenceAsync(client, name, cancellationToken).ConfigureAwait(false) is { } running)
        {
            LogOverlap(instanceId, running);
            return new JobStart(instanceId, false, running);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(EnrichmentJobOrchestrator.Name, state, RunLauncher.ScheduleOptions(instanceId),
                cancellationToken).ConfigureAwait(false);
            LogStarted(instanceId);
            return new JobStart(instanceId, true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Refused because it exists (a repeat), or the engine failed: only the first is an answer.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, CancellationToken.None).ConfigureAwait(false) is not null)
            {
                return new JobStart(instanceId, false);
            }

            throw;
        }
    }

    private static async Task<string?> RunningOccurrenceAsync(DurableTaskClient client, string job, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = JobSchedule.InstanceIdPrefix(job),
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
            PageSize = 1,
        };
        await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            return instance.InstanceId;
        }

        return null;
    }

    /// <summary>The job's name as configured (configuration keys are case-insensitive; partition keys are not).</summary>
    public string Canonical(string job) => options.Value.Keys.First(k => string.Equals(k, job, StringComparison.OrdinalIgnoreCase)).ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job occurrence {InstanceId} not started: {RunningOccurrence} is still running")]
    private partial void LogOverlap(string instanceId, string runningOccurrence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job occurrence {InstanceId} started")]
    private partial void LogStarted(string instanceId);
}

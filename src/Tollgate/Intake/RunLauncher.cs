using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Intake;

/// <summary>
/// Records a run and schedules its orchestration under the run id — the one way a run starts, whether a
/// caller, a trigger or a replay asked for it.
/// </summary>
public sealed partial class RunLauncher(RunStore runs, ILogger<RunLauncher> logger)
{
    /// <summary>The error a pending run carries while the workflow engine has refused to start it.</summary>
    public const string NotScheduled = "The workflow engine did not accept the run.";

    /// <summary>How long a repeat waits before it treats a pending run without an orchestration as lost.</summary>
    public static readonly TimeSpan SchedulingGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records <paramref name="run"/> and starts it, or refuses with 503 if the workflow engine refused. A refused
    /// <paramref name="resumable"/> run (one with an idempotency key) stays pending, marked
    /// <see cref="NotScheduled"/>, for its repeat to start; any other is recorded as failed. Null when a run
    /// with that id already exists.
    /// </summary>
    public async Task<StartOutcome?> TryLaunchAsync(WorkflowDefinition definition, RunRecord run, object input,
        DurableTaskClient client, bool resumable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(run);
        if (!await runs.TryCreateAsync(run, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (!await EnsureScheduledAsync(client, definition, run.RunId, input, cancellationToken).ConfigureAwait(false))
        {
            RunStatus status = resumable ? RunStatus.Pending : RunStatus.Failed;
            await runs.CompleteAsync(new RunCompletion(run.RunId, status, null, NotScheduled), CancellationToken.None).ConfigureAwait(false);
            return StartOutcome.Refused(Problems.NotStarted(resumable));
        }

        LogStarted(run.RunId, definition.Name);
        return StartOutcome.Started(run);
    }

    /// <summary>Schedules the run's orchestration; true also when a concurrent request scheduled it first.</summary>
    public async Task<bool> EnsureScheduledAsync(DurableTaskClient client, WorkflowDefinition definition, string runId, object input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(definition);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowOrchestrator.Name, input, ScheduleOptions(runId), cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (await client.GetInstanceAsync(runId, getInputsAndOutputs: false, CancellationToken.None).ConfigureAwait(false) is not null)
            {
                return true;
            }

            LogNotStarted(ex, runId, definition.Name);
            return false;
        }
    }

    /// <summary>
    /// The run id as instance id, refused whatever state an instance of that id is in. Without dedupe statuses a
    /// backend may accept a second schedule silently (the Azure Storage backend drops it; the in-memory one appends
    /// a second start event), and this class relies on the throw to tell a repeat from a first start.
    /// </summary>
    public static StartOrchestrationOptions ScheduleOptions(string runId) =>
        new StartOrchestrationOptions { InstanceId = runId }.WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of {Workflow} accepted")]
    private partial void LogStarted(string runId, string workflow);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} of {Workflow} could not be scheduled")]
    private partial void LogNotStarted(Exception exception, string runId, string workflow);
}

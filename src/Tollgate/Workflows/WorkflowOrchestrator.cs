using Microsoft.DurableTask;
using Tollgate.Callbacks;

namespace Tollgate.Workflows;

/// <summary>
/// The one orchestrator every workflow runs on: it hands the run to the catalog's workflow named in its input. Both
/// hosts register only this, so adding a workflow touches neither. Each workflow class is itself a
/// <see cref="TaskOrchestrator{TInput, TOutput}"/>, so the Durable Task analyzers check its code for determinism.
/// A run that names a callback delivers it once the workflow has recorded how the run ended, completed or failed.
/// </summary>
public sealed class WorkflowOrchestrator : TaskOrchestrator<WorkflowStart, object?>
{
    public const string Name = "Workflow";

    /// <summary>
    /// Retries for the delivery activity itself failing (storage unreachable), not for the receiver's answer: the activity is
    /// idempotent per attempt number, and without them a last attempt that threw would leave the callback Pending.
    /// </summary>
    private static readonly TaskOptions ActivityRetries = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override async Task<object?> RunAsync(TaskOrchestrationContext context, WorkflowStart input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        IWorkflow workflow = WorkflowCatalog.Get(input.Workflow)?.Create()
            ?? throw new InvalidOperationException($"The workflow '{input.Workflow}' is not in the catalog.");
        if (input.Callback is not { } callback)
        {
            return await workflow.RunAsync(context, input);
        }

        try
        {
            return await workflow.RunAsync(context, input);
        }
        finally
        {
            // The workflow recorded the run's end (CompleteRun) before returning or throwing; its failure still fails the
            // orchestration after the callback.
            await DeliverCallbackAsync(context, callback);
        }
    }

    /// <summary>
    /// Attempt after attempt until one is final (delivered, refused, or the attempts ran out), waiting on durable timers
    /// between them, so a restart resumes the schedule instead of restarting it.
    /// </summary>
    private static async Task DeliverCallbackAsync(TaskOrchestrationContext context, CallbackPlan callback)
    {
        for (int attempt = 1; attempt <= callback.MaxAttempts; attempt++)
        {
            try
            {
                CallbackAttemptRecord result = await context.CallActivityAsync<CallbackAttemptRecord>(TollgateTasks.DeliverCallback,
                    new CallbackAttemptRequest(context.InstanceId, callback.Url, attempt, callback.MaxAttempts), ActivityRetries);
                if (result.Final)
                {
                    return;
                }
            }
            catch (TaskFailedException)
            {
                // The activity itself failed (e.g. storage was unreachable): counted as a failed attempt, retried on the schedule.
            }

            if (attempt < callback.MaxAttempts)
            {
                await context.CreateTimer(context.CurrentUtcDateTime + CallbackSchedule.RetryDelay(callback.FirstRetryDelay, attempt), CancellationToken.None);
            }
        }
    }
}

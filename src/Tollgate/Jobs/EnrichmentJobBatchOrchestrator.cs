using Microsoft.DurableTask;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Jobs;

/// <summary>
/// Runs a <see cref="JobBatch"/>: each item as a sub-orchestration of <see cref="WorkflowOrchestrator"/> under its own run
/// id, at most <see cref="JobBatch.Window"/> at once (a sliding window: the next starts as soon as any ends), then writes
/// them all back in one <see cref="TollgateTasks.RecordJobItems"/> and returns what they cost. Batches exist so that a
/// finished item wakes this small orchestration, not the job's: every wake-up replays the woken orchestration's whole
/// history, and the job's holds a whole page.
/// </summary>
public sealed class EnrichmentJobBatchOrchestrator : TaskOrchestrator<JobBatch, RecordResult>
{
    public const string Name = "EnrichmentJobBatch";

    public override async Task<RecordResult> RunAsync(TaskOrchestrationContext context, JobBatch input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var inFlight = new List<Task<ItemOutcome>>();
        var ended = new List<ItemOutcome>();
        foreach (ClaimedItem item in input.Items)
        {
            if (item.Start is null)
            {
                // Ran before (a repeated claim), or its input no longer validates: recorded, never run (again).
                ended.Add(new ItemOutcome(item.ItemId, item.RunId, item.Finished == RunStatus.Completed, item.Error));
                continue;
            }

            if (inFlight.Count >= Math.Max(1, input.Window))
            {
                ended.Add(await AwaitOneAsync(inFlight));
            }

            inFlight.Add(RunItemAsync(context, item));
        }

        while (inFlight.Count > 0)
        {
            ended.Add(await AwaitOneAsync(inFlight));
        }

        return await context.CallActivityAsync<RecordResult>(TollgateTasks.RecordJobItems, new RecordRequest(input.Job, input.Occurrence, ended),
            EnrichmentJobOrchestrator.StorageRetries);
    }

    private static async Task<ItemOutcome> AwaitOneAsync(List<Task<ItemOutcome>> inFlight)
    {
        Task<ItemOutcome> first = await Task.WhenAny(inFlight);
        inFlight.Remove(first);
        return await first;
    }

    private static async Task<ItemOutcome> RunItemAsync(TaskOrchestrationContext context, ClaimedItem item)
    {
        try
        {
            await context.CallSubOrchestratorAsync<object?>(WorkflowOrchestrator.Name, item.Start, new SubOrchestrationOptions { InstanceId = item.RunId });
            return new ItemOutcome(item.ItemId, item.RunId, Succeeded: true);
        }
        catch (TaskFailedException ex)
        {
            return new ItemOutcome(item.ItemId, item.RunId, Succeeded: false, ex.Message);
        }
    }
}

using Microsoft.DurableTask;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Jobs;

/// <summary>
/// One occurrence of a job, one page of items per execution: claim a page (<see cref="TollgateTasks.ClaimJobItems"/>),
/// run each item as a sub-orchestration of <see cref="WorkflowOrchestrator"/> under its own run id with at most
/// <see cref="JobState.Parallelism"/> in flight (a sliding window: a new item starts as soon as any ends), write
/// finished items back in batches (<see cref="TollgateTasks.RecordJobItems"/>), then <c>ContinueAsNew</c> with the
/// running totals, so no history grows past one page. Before an item starts, the workflow's per-run ceiling (its
/// worst case) is reserved against the job's ceiling and released to the actual cost once its run is recorded; when
/// the next item cannot fit even after everything in flight has ended, the occurrence stops, hands the rest of the
/// page back (<see cref="TollgateTasks.ReleaseJobItems"/>) and records that it stopped on its ceiling.
/// </summary>
public sealed class EnrichmentJobOrchestrator : TaskOrchestrator<JobState, JobState>
{
    public const string Name = "EnrichmentJob";

    /// <summary>Items claimed per execution, as a multiple of the parallelism: enough to keep the window full between pages.</summary>
    internal const int PageFactor = 4;

    /// <summary>The most items claimed per execution, which bounds one history.</summary>
    internal const int MaxPage = 512;

    public override async Task<JobState> RunAsync(TaskOrchestrationContext context, JobState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        JobState state = input.StartedAt is null ? input with { StartedAt = context.CurrentUtcDateTime } : input;
        string occurrence = JobSchedule.Format(state.Occurrence);
        decimal perRun = WorkflowCatalog.Get(state.Workflow)?.CostCeiling
            ?? throw new InvalidOperationException($"The job {state.Job} names the unknown workflow '{state.Workflow}'.");
        int pageSize = Math.Clamp(state.Parallelism * PageFactor, 1, MaxPage);
        int flushSize = Math.Clamp(state.Parallelism, 1, JobItemStore.BatchSize);

        IReadOnlyList<ClaimedItem> page = await context.CallActivityAsync<IReadOnlyList<ClaimedItem>>(TollgateTasks.ClaimJobItems,
            new ClaimRequest(state.Job, occurrence, state.Workflow, state.UserId, pageSize));
        if (page.Count == 0)
        {
            return Finish(context, state);
        }

        var inFlight = new List<Task<ItemOutcome>>();
        var ended = new List<ItemOutcome>();
        Task<RecordResult>? recording = null;
        int recordingCount = 0;
        decimal reserved = 0m; // worst cases of items started and not yet recorded
        int done = state.Done, failed = state.Failed;
        decimal spent = state.Spent;
        bool stopped = false;

        // Folds a finished write-back into the totals, replacing its items' reservations by what they cost.
        async Task AwaitRecordingAsync()
        {
            if (recording is null)
            {
                return;
            }

            RecordResult result = await recording;
            spent += result.Cost;
            reserved -= perRun * recordingCount;
            done += result.Succeeded;
            failed += result.Failed;
            recording = null;
            recordingCount = 0;
        }

        // Starts writing back what has ended, one write-back at a time, without waiting for it.
        async Task RecordEndedAsync()
        {
            await AwaitRecordingAsync();
            if (ended.Count > 0)
            {
                recordingCount = ended.Count;
                recording = context.CallActivityAsync<RecordResult>(TollgateTasks.RecordJobItems, new RecordRequest(state.Job, occurrence, [.. ended]));
                ended.Clear();
            }
        }

        async Task AwaitOneAsync()
        {
            Task<ItemOutcome> first = await Task.WhenAny(inFlight);
            inFlight.Remove(first);
            ended.Add(await first);
        }

        void Publish() => context.SetCustomStatus(state with
        {
            Done = done + ended.Count(e => e.Succeeded),
            Failed = failed + ended.Count(e => !e.Succeeded),
            InFlight = inFlight.Count,
            Spent = spent,
        });

        for (int next = 0; next < page.Count; next++)
        {
            ClaimedItem item = page[next];
            if (item.Start is null)
            {
                // Ran before (a repeated claim), or its input no longer validates: recorded, never run (again).
                reserved += perRun;
                ended.Add(new ItemOutcome(item.ItemId, item.RunId, item.Finished == RunStatus.Completed, item.Error));
                continue;
            }

            // Room under the job's ceiling for this item's worst case? Recorded costs free what their reservations held.
            while (spent + reserved + perRun > state.CostCeiling && (inFlight.Count > 0 || ended.Count > 0 || recording is not null))
            {
                if (ended.Count > 0 || recording is not null)
                {
                    await RecordEndedAsync();
                    await AwaitRecordingAsync();
                }
                else
                {
                    await AwaitOneAsync();
                }
            }

            if (spent + reserved + perRun > state.CostCeiling)
            {
                stopped = true;
                string[] unstarted = [.. page.Skip(next).Select(i => i.ItemId)];
                await context.CallActivityAsync<int>(TollgateTasks.ReleaseJobItems, new ReleaseRequest(state.Job, occurrence, unstarted));
                break;
            }

            while (inFlight.Count >= state.Parallelism)
            {
                await AwaitOneAsync();
                Publish();
            }

            if (ended.Count >= flushSize)
            {
                // Waits for the previous write-back first, which was sent a window's worth of item runs ago.
                await RecordEndedAsync();
            }

            reserved += perRun;
            inFlight.Add(RunItemAsync(context, item));
        }

        while (inFlight.Count > 0)
        {
            await AwaitOneAsync();
            Publish();
        }

        await RecordEndedAsync();
        await AwaitRecordingAsync();
        state = state with { Done = done, Failed = failed, Spent = spent, InFlight = 0, Pages = state.Pages + 1, StoppedOnCeiling = stopped };
        if (stopped)
        {
            return Finish(context, state);
        }

        context.SetCustomStatus(state);
        context.ContinueAsNew(state, preserveUnprocessedEvents: false);
        return state;
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

    private static JobState Finish(TaskOrchestrationContext context, JobState state)
    {
        JobState finished = state with { FinishedAt = context.CurrentUtcDateTime, InFlight = 0 };
        context.SetCustomStatus(finished);
        return finished;
    }
}

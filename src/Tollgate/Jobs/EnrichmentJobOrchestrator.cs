using Microsoft.DurableTask;
using Tollgate.Workflows;

namespace Tollgate.Jobs;

/// <summary>
/// One occurrence of a job, one page of items per execution: claim a page (<see cref="TollgateTasks.ClaimJobItems"/>),
/// split it into batches, each an <see cref="EnrichmentJobBatchOrchestrator"/> that runs its items (each a
/// <see cref="WorkflowOrchestrator"/> run under its own run id) and writes them back, with the batches' windows adding up
/// to at most <see cref="JobState.Parallelism"/> item runs in flight; then <c>ContinueAsNew</c> with the running totals,
/// so no history grows past one page. A finished item wakes its batch, not this orchestration, whose history holds the
/// page: this one wakes once per batch. Before a batch starts, the workflow's per-run ceiling (its worst case) is reserved
/// for each of its items against the job's ceiling and released to the actual cost once the batch has written them back;
/// a batch shrinks to what fits once everything in flight has been paid for, and when not one more item fits the
/// occurrence stops, hands the rest of the page back (<see cref="TollgateTasks.ReleaseJobItems"/>) and records that it
/// stopped on its ceiling.
/// </summary>
public sealed class EnrichmentJobOrchestrator : TaskOrchestrator<JobState, JobState>
{
    public const string Name = "EnrichmentJob";

    /// <summary>Items claimed per execution, as a multiple of the parallelism: enough to keep the window full between pages.</summary>
    internal const int PageFactor = 4;

    /// <summary>The most items claimed per execution, which bounds one history.</summary>
    internal const int MaxPage = 512;

    /// <summary>The most item runs one batch keeps in flight.</summary>
    internal const int BatchWindow = 4;

    /// <summary>
    /// Items per batch as a multiple of its window: enough that batches wake the job rarely, few enough that a batch's
    /// history stays small and its last, slowest items leave little of its window idle.
    /// </summary>
    internal const int BatchFactor = 4;

    /// <summary>
    /// Retries for the job's storage activities (claim, write-back, release), which are idempotent: without them one
    /// storage hiccup would fail the occurrence and leave its claimed items held by an occurrence that cannot restart.
    /// </summary>
    internal static readonly TaskOptions StorageRetries = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override async Task<JobState> RunAsync(TaskOrchestrationContext context, JobState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        JobState state = input.StartedAt is null ? input with { StartedAt = context.CurrentUtcDateTime } : input;
        string occurrence = JobSchedule.Format(state.Occurrence);
        decimal perRun = WorkflowCatalog.Get(state.Workflow)?.CostCeiling
            ?? throw new InvalidOperationException($"The job {state.Job} names the unknown workflow '{state.Workflow}'.");
        int pageSize = Math.Clamp(state.Parallelism * PageFactor, 1, MaxPage);

        IReadOnlyList<ClaimedItem> page = await context.CallActivityAsync<IReadOnlyList<ClaimedItem>>(TollgateTasks.ClaimJobItems,
            new ClaimRequest(state.Job, occurrence, state.Workflow, state.UserId, pageSize), StorageRetries);
        if (page.Count == 0)
        {
            return Finish(context, state);
        }

        var inFlight = new List<RunningBatch>();
        decimal reserved = 0m; // worst cases of the items in batches not yet written back
        int done = state.Done, failed = state.Failed;
        decimal spent = state.Spent;
        bool stopped = false;

        int Slots() => inFlight.Sum(b => b.Window);

        // How many more items' worst cases fit under the ceiling, next to what is spent and reserved.
        int Fits() => perRun <= 0m ? int.MaxValue : (int)Math.Min(int.MaxValue, Math.Floor((state.CostCeiling - spent - reserved) / perRun));

        // Folds the first batch to end into the totals, replacing its items' reservations by what they cost.
        async Task AwaitOneAsync()
        {
            Task<RecordResult> first = await Task.WhenAny(inFlight.Select(b => b.Written));
            RunningBatch batch = inFlight.Single(b => b.Written == first);
            inFlight.Remove(batch);
            RecordResult result = await first;
            spent += result.Cost;
            reserved -= perRun * batch.Items;
            done += result.Succeeded;
            failed += result.Failed;
            context.SetCustomStatus(state with { Done = done, Failed = failed, InFlight = inFlight.Sum(b => b.Items), Spent = spent });
        }

        int next = 0, batchNumber = 0;
        while (next < page.Count)
        {
            if (Slots() >= state.Parallelism)
            {
                await AwaitOneAsync();
                continue;
            }

            int window = Math.Min(BatchWindow, state.Parallelism - Slots());
            int wanted = Math.Min(window * BatchFactor, page.Count - next);
            if (Fits() < wanted && inFlight.Count > 0)
            {
                // Not room for the whole batch: what is in flight may cost less than its worst case, so settle it first.
                await AwaitOneAsync();
                continue;
            }

            int take = Math.Min(wanted, Fits());
            if (take <= 0)
            {
                stopped = true;
                string[] unstarted = [.. page.Skip(next).Select(i => i.ItemId)];
                await context.CallActivityAsync<int>(TollgateTasks.ReleaseJobItems, new ReleaseRequest(state.Job, occurrence, unstarted), StorageRetries);
                break;
            }

            var batch = new JobBatch(state.Job, occurrence, [.. page.Skip(next).Take(take)], Math.Min(window, take));
            reserved += perRun * take;
            inFlight.Add(new RunningBatch(
                context.CallSubOrchestratorAsync<RecordResult>(EnrichmentJobBatchOrchestrator.Name, batch,
                    new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}:{state.Pages}:{batchNumber++}" }),
                take, batch.Window));
            next += take;
        }

        while (inFlight.Count > 0)
        {
            await AwaitOneAsync();
        }

        state = state with { Done = done, Failed = failed, Spent = spent, InFlight = 0, Pages = state.Pages + 1, StoppedOnCeiling = stopped };
        if (stopped)
        {
            return Finish(context, state);
        }

        context.SetCustomStatus(state);
        context.ContinueAsNew(state, preserveUnprocessedEvents: false);
        return state;
    }

    private static JobState Finish(TaskOrchestrationContext context, JobState state)
    {
        JobState finished = state with { FinishedAt = context.CurrentUtcDateTime, InFlight = 0 };
        context.SetCustomStatus(finished);
        return finished;
    }

    /// <summary>A batch in flight: its write-back, how many items it holds and how many of them it runs at once.</summary>
    private sealed record RunningBatch(Task<RecordResult> Written, int Items, int Window);
}

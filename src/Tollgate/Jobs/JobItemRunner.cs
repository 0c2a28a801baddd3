using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Tollgate.Intake;
using Tollgate.Runs;
using Tollgate.Storage;
using Tollgate.Workflows;

namespace Tollgate.Jobs;

/// <summary>
/// The job orchestration's activities: claim a page of items and record each one's run (so it is a real Tollgate run,
/// with its own record and budget charges, under an id derived from the job and item), write finished items back from
/// their run records, and hand back claimed items an occurrence did not start.
/// </summary>
public sealed class JobItemRunner(JobItemStore items, RunStore runs, WorkflowStarts starts, TimeProvider time)
{
    /// <summary>Run records are created with this many storage calls in flight at once.</summary>
    private const int StorageParallelism = 16;

    /// <summary>The run id of an item: the same job and item always name the same run, so an item never runs twice.</summary>
    public static string RunId(string job, string workflow, string userId, string itemId) =>
        RunIds.FromIdempotencyKey(workflow, userId, IdempotencyScopes.JobItem(job, itemId));

    public async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        WorkflowDefinition definition = WorkflowCatalog.Get(request.Workflow)
            ?? throw new InvalidOperationException($"The job {request.Job} names the unknown workflow '{request.Workflow}'.");
        IReadOnlyList<(string Id, string InputJson)> claimed = await items.ClaimAsync(request.Job, request.Occurrence, request.Max, cancellationToken)
            .ConfigureAwait(false);
        var result = new ClaimedItem[claimed.Count];
        await Parallel.ForAsync(0, claimed.Count, new ParallelOptions { MaxDegreeOfParallelism = StorageParallelism, CancellationToken = cancellationToken },
            async (i, token) => result[i] = await PrepareAsync(request, definition, claimed[i].Id, claimed[i].InputJson, token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return result;
    }

    private async Task<ClaimedItem> PrepareAsync(ClaimRequest request, WorkflowDefinition definition, string itemId, string inputJson,
        CancellationToken cancellationToken)
    {
        string runId = RunId(request.Job, definition.Name, request.UserId, itemId);
        WorkflowInputResult start;
        using (JsonDocument input = JsonDocument.Parse(inputJson))
        {
            start = starts.Create(definition, request.UserId, input.RootElement.Clone());
        }

        if (start.Field is not null)
        {
            // Valid when posted, but the workflow's input type changed since: the item fails without a run.
            return new ClaimedItem(itemId, runId, null, Error: $"'{start.Field}' {start.Problem}");
        }

        var run = new RunRecord(runId, definition.Name, request.UserId, RunStatus.Pending, time.GetUtcNow(),
            InputSha256: Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputJson))),
            Input: inputJson.Length <= Intake.StartRunHandler.MaxInlineInputChars ? inputJson : null,
            CostCeiling: definition.CostCeiling, LatencyBudgetMilliseconds: (long)definition.LatencyBudget.TotalMilliseconds);
        if (!await runs.TryCreateAsync(run, cancellationToken).ConfigureAwait(false)
            && await runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { Status: RunStatus.Completed or RunStatus.Failed } existing)
        {
            // The item ran before (a claim repeated after a crash): write back how it ended, never run it again.
            return new ClaimedItem(itemId, runId, null, existing.Status);
        }

        return new ClaimedItem(itemId, runId, (WorkflowStart)start.Input!);
    }

    public async Task<RecordResult> RecordAsync(RecordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rows = new TableEntity[request.Items.Count];
        var costs = new decimal[request.Items.Count];
        var succeeded = new bool[request.Items.Count];
        await Parallel.ForAsync(0, request.Items.Count, new ParallelOptions { MaxDegreeOfParallelism = StorageParallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                ItemOutcome outcome = request.Items[i];
                RunRecord? run = await runs.GetRunAsync(outcome.RunId, token).ConfigureAwait(false);
                // The run record is the truth; the orchestration's view stands in for a run that has none.
                bool ok = run is null ? outcome.Succeeded : run.Status == RunStatus.Completed;
                succeeded[i] = ok;
                costs[i] = run?.Cost?.Total ?? 0m;
                rows[i] = new TableEntity(request.Job, outcome.ItemId)
                {
                    ["Status"] = ok ? nameof(JobItemStatus.Succeeded) : nameof(JobItemStatus.Failed),
                    ["ClaimedBy"] = request.Occurrence,
                    ["RunId"] = outcome.RunId,
                    ["Output"] = ok ? run?.Output : null,
                    ["Error"] = ok ? null : run?.Error ?? outcome.Error,
                    ["Cost"] = TableMoney.Format(costs[i]),
                    ["CompletedAt"] = run?.CompletedAt ?? time.GetUtcNow(),
                };
            }).ConfigureAwait(false);
        await items.WriteResultsAsync(request.Job, rows, cancellationToken).ConfigureAwait(false);
        int ok = succeeded.Count(s => s);
        return new RecordResult(costs.Sum(), ok, succeeded.Length - ok);
    }

    public Task<int> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return items.ReleaseAsync(request.Job, request.Occurrence, request.ItemIds, cancellationToken);
    }
}

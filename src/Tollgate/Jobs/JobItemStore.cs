using Azure;
using Azure.Data.Tables;
using Tollgate.Storage;

namespace Tollgate.Jobs;

/// <summary>
/// A job's items: one partition of <c>JobItems</c> per job, one row per item (row key = item id). Rows are added
/// insert-only, so re-posting an item never resets one that ran; an occurrence claims pending rows under their ETag, so
/// two occurrences never take the same item; results are written back in entity group transactions of 100.
/// </summary>
public sealed class JobItemStore(TollgateTables tables, TimeProvider time)
{
    /// <summary>The most operations one entity group transaction may hold.</summary>
    public const int BatchSize = 100;

    /// <summary>Adds the items that are not there yet; returns how many were new. An existing row is left as it is.</summary>
    public async Task<int> AddAsync(string job, IReadOnlyList<JobItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        TableClient table = await tables.JobItems.GetAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        int added = 0;
        foreach (JobItem[] chunk in items.Chunk(BatchSize))
        {
            TableEntity[] entities = [.. chunk.Select(item => new TableEntity(job, item.Id)
            {
                ["Input"] = item.InputJson,
                ["Status"] = nameof(JobItemStatus.Pending),
                ["AddedAt"] = now,
            })];
            try
            {
                await table.SubmitTransactionAsync(entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken)
                    .ConfigureAwait(false);
                added += entities.Length;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Some rows exist (a re-post): the transaction is all or nothing, so add this chunk's rows one by one.
                foreach (TableEntity entity in entities)
                {
                    try
                    {
                        await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                        added++;
                    }
                    catch (RequestFailedException one) when (one.Status == 409)
                    {
                    }
                }
            }
        }

        return added;
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> items for <paramref name="occurrence"/>: pending rows, each updated under its
    /// ETag (a row another occurrence took first is skipped), plus rows this occurrence had already claimed but not
    /// finished — a repeated claim after a lost activity result gets them back instead of stranding them.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string InputJson)>> ClaimAsync(string job, string occurrence, int max, CancellationToken cancellationToken)
    {
        TableClient table = await tables.JobItems.GetAsync(cancellationToken).ConfigureAwait(false);
        string pending = nameof(JobItemStatus.Pending);
        string claimed = nameof(JobItemStatus.Claimed);
        string filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {job} and (Status eq {pending} or (Status eq {claimed} and ClaimedBy eq {occurrence}))");
        var candidates = new List<TableEntity>(max);
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: ["PartitionKey", "RowKey", "Input", "Status", "ClaimedBy"],
            cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            candidates.Add(entity);
            if (candidates.Count == max)
            {
                break;
            }
        }

        var result = new List<(string, string)>(candidates.Count);
        foreach (TableEntity[] chunk in candidates.Chunk(BatchSize))
        {
            TableEntity[] updates = [.. chunk.Select(e => new TableEntity(job, e.RowKey)
            {
                ETag = e.ETag,
                ["Status"] = claimed,
                ["ClaimedBy"] = occurrence,
            })];
            try
            {
                await table.SubmitTransactionAsync(updates.Select(u => new TableTransactionAction(TableTransactionActionType.UpdateMerge, u, u.ETag)),
                    cancellationToken).ConfigureAwait(false);
                result.AddRange(chunk.Select(e => (e.RowKey, e.GetString("Input"))));
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Another occurrence took one of them: claim the rest one by one.
                for (int i = 0; i < chunk.Length; i++)
                {
                    try
                    {
                        await table.UpdateEntityAsync(updates[i], chunk[i].ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                        result.Add((chunk[i].RowKey, chunk[i].GetString("Input")));
                    }
                    catch (RequestFailedException one) when (one.Status is 412 or 404)
                    {
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Writes finished items back: status, the run, its output or error, its cost and when.</summary>
    public async Task WriteResultsAsync(string job, IEnumerable<TableEntity> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        TableClient table = await tables.JobItems.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (TableEntity[] chunk in results.Chunk(BatchSize))
        {
            foreach (TableEntity entity in chunk)
            {
                entity.PartitionKey = job;
            }

            // This occurrence owns the rows it claimed: no ETag, so a repeated write (a re-run activity) just rewrites them.
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge, e, ETag.All)),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Puts claimed items back to pending, if this occurrence still holds them.</summary>
    public async Task<int> ReleaseAsync(string job, string occurrence, IReadOnlyList<string> itemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        TableClient table = await tables.JobItems.GetAsync(cancellationToken).ConfigureAwait(false);
        int released = 0;
        foreach (string id in itemIds)
        {
            if (await table.FindAsync(job, id, cancellationToken).ConfigureAwait(false) is { } row
                && row.GetString("Status") == nameof(JobItemStatus.Claimed) && row.GetString("ClaimedBy") == occurrence)
            {
                var update = new TableEntity(job, id) { ["Status"] = nameof(JobItemStatus.Pending), ["ClaimedBy"] = "" };
                try
                {
                    await table.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                    released++;
                }
                catch (RequestFailedException ex) when (ex.Status is 412 or 404)
                {
                }
            }
        }

        return released;
    }

    /// <summary>The job's items by status, counting as "claimed" only those <paramref name="occurrence"/> holds.</summary>
    public async Task<Dictionary<JobItemStatus, int>> CountAsync(string job, string occurrence, CancellationToken cancellationToken)
    {
        TableClient table = await tables.JobItems.GetAsync(cancellationToken).ConfigureAwait(false);
        var counts = Enum.GetValues<JobItemStatus>().ToDictionary(s => s, _ => 0);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {job}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, select: ["Status", "ClaimedBy"], cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            if (Enum.TryParse(row.GetString("Status"), out JobItemStatus status)
                && (status != JobItemStatus.Claimed || row.GetString("ClaimedBy") == occurrence))
            {
                counts[status]++;
            }
        }

        return counts;
    }

    /// <summary>One item's row, or null.</summary>
    public async Task<TableEntity?> GetAsync(string job, string itemId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.JobItems.GetAsync(cancellationToken).ConfigureAwait(false);
        return await table.FindAsync(job, itemId, cancellationToken).ConfigureAwait(false);
    }
}

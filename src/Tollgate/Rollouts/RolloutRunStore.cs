using Azure.Data.Tables;
using Tollgate.Runs;
using Tollgate.Storage;

namespace Tollgate.Rollouts;

/// <summary>
/// The <c>RolloutRuns</c> index: a finished run's row in the partition of each rollout it took part in, so a rollout's
/// report reads one partition instead of scanning every run. Written by <see cref="RunStore.CompleteAsync"/> from the
/// run record and its attempt rows (the source of truth), with upserts: completing a run again rewrites the same rows.
/// </summary>
public sealed class RolloutRunStore(TollgateTables tables)
{
    /// <summary>Upserts the rows of <paramref name="run"/> (none when it took part in no rollout or has not finished).</summary>
    public async Task RecordAsync(RunRecord run, IReadOnlyList<AttemptRecord> attempts, CancellationToken cancellationToken)
    {
        RolloutRunRecord[] rows = [.. RolloutRunRecord.From(run, attempts)];
        if (rows.Length == 0)
        {
            return;
        }

        TableClient table = await tables.RolloutRuns.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (RolloutRunRecord row in rows)
        {
            await table.UpsertEntityAsync(ToEntity(row), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every run indexed under <paramref name="rollout"/> (one partition query).</summary>
    public async Task<IReadOnlyList<RolloutRunRecord>> ListAsync(string rollout, CancellationToken cancellationToken)
    {
        TableClient table = await tables.RolloutRuns.GetAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<RolloutRunRecord>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {rollout}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(ToRecord(entity));
        }

        return rows;
    }

    private static TableEntity ToEntity(RolloutRunRecord row) => new(row.Rollout, row.RunId)
    {
        ["Arm"] = row.Arm,
        ["Workflow"] = row.Workflow,
        ["UserId"] = row.UserId,
        ["Status"] = row.Status.ToString(),
        ["CompletedAt"] = row.CompletedAt,
        ["Attempts"] = row.Attempts,
        ["StructuredAnswers"] = row.StructuredAnswers,
        ["ValidStructuredAnswers"] = row.ValidStructuredAnswers,
        ["AllStructuredValid"] = row.AllStructuredValid,
        ["FellBack"] = row.FellBack,
        ["ModelLatencyMs"] = row.ModelLatencyMilliseconds,
        ["Cost"] = TableMoney.Format(row.Cost),
    };

    private static RolloutRunRecord ToRecord(TableEntity e) => new(
        Rollout: e.PartitionKey,
        RunId: e.RowKey,
        Arm: e.GetString("Arm"),
        Workflow: e.GetString("Workflow"),
        UserId: e.GetString("UserId"),
        Status: Enum.Parse<RunStatus>(e.GetString("Status")),
        CompletedAt: e.GetDateTimeOffset("CompletedAt"),
        Attempts: e.GetInt32("Attempts") ?? 0,
        StructuredAnswers: e.GetInt32("StructuredAnswers") ?? 0,
        ValidStructuredAnswers: e.GetInt32("ValidStructuredAnswers") ?? 0,
        FellBack: e.GetBoolean("FellBack") ?? false,
        ModelLatencyMilliseconds: e.GetInt64("ModelLatencyMs") ?? 0,
        Cost: TableMoney.Parse(e.GetString("Cost")));
}

using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Tollgate.Callbacks;
using Tollgate.Models;
using Tollgate.Rollouts;
using Tollgate.Storage;
using Tollgate.Telemetry;

namespace Tollgate.Runs;

/// <summary>
/// Run and attempt records in one table, one partition per run, so a run and all its attempts are
/// read with one partition query and written without cross-partition coordination. Money is stored
/// with <see cref="TableMoney"/>.
/// </summary>
public sealed class RunStore(TollgateTables tables, TimeProvider time)
{
    private const string RunRowKey = "run";
    private const string AttemptRowPrefix = "attempt|";
    private const string CallbackRowPrefix = "callback|";

    private readonly RolloutRunStore _rolloutRuns = new(tables);

    /// <summary>Inserts a new run; false when a run with that id exists (an idempotent repeat).</summary>
    public async Task<bool> TryCreateAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        TableClient table = await tables.Runs.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(run), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The run row alone (one point read), or null.</summary>
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.Runs.GetAsync(cancellationToken).ConfigureAwait(false);
        return await table.FindAsync(runId, RunRowKey, cancellationToken).ConfigureAwait(false) is { } row ? ToRun(row) : null;
    }

    public async Task<RunDetails?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.Runs.GetAsync(cancellationToken).ConfigureAwait(false);
        RunRecord? run = null;
        var attempts = new List<AttemptRecord>();
        var callbacks = new List<CallbackAttemptRecord>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {runId}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == RunRowKey)
            {
                run = ToRun(entity);
            }
            else if (entity.RowKey.StartsWith(AttemptRowPrefix, StringComparison.Ordinal))
            {
                attempts.Add(ToAttempt(entity));
            }
            else if (entity.RowKey.StartsWith(CallbackRowPrefix, StringComparison.Ordinal))
            {
                callbacks.Add(ToCallbackAttempt(entity));
            }
        }

        // Row keys order attempts by call id (a guid); a run reads in the order its attempts were made.
        return run is null ? null : new RunDetails(run, [.. attempts.OrderBy(a => a.StartedAt).ThenBy(a => a.Attempt)],
            [.. callbacks.OrderBy(c => c.Attempt)]);
    }

    /// <summary>One attempt's row (one point read), or null when that attempt has not finished.</summary>
    public async Task<AttemptRecord?> GetAttemptAsync(string runId, string callId, int attempt, CancellationToken cancellationToken)
    {
        TableClient table = await tables.Runs.GetAsync(cancellationToken).ConfigureAwait(false);
        return await table.FindAsync(runId, AttemptRowKey(callId, attempt), cancellationToken).ConfigureAwait(false) is { } row ? ToAttempt(row) : null;
    }

    /// <summary>Upserts: a re-executed activity replaces the record of the attempt it repeated.</summary>
    public async Task RecordAttemptAsync(AttemptRecord attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        TableClient table = await tables.Runs.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(attempt), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One delivery attempt of the run's callback (one point read), or null when it has not been made.</summary>
    public async Task<CallbackAttemptRecord?> GetCallbackAttemptAsync(string runId, int attempt, CancellationToken cancellationToken)
    {
        TableClient table = await tables.Runs.GetAsync(cancellationToken).ConfigureAwait(false);
        return await table.FindAsync(runId, CallbackRowKey(attempt), cancellationToken).ConfigureAwait(false) is { } row ? ToCallbackAttempt(row) : null;
    }

    /// <summary>Upserts under the attempt number: recording the same attempt again replaces it, never adds one.</summary>
    public async Task RecordCallbackAttemptAsync(CallbackAttemptRecord attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        TableClient table = await tables.Runs.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(attempt.RunId, CallbackRowKey(attempt.Attempt))
        {
            ["Attempt"] = attempt.Attempt,
            ["At"] = attempt.At,
            ["Outcome"] = attempt.Outcome.ToString(),
            ["StatusCode"] = attempt.StatusCode,
            ["Error"] = attempt.Error,
            ["DurationMs"] = attempt.DurationMilliseconds,
            ["Final"] = attempt.Final,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends a run (or, with a non-final status, records why it has not started): its usage and cost are
    /// summed from the recorded attempts (the source of truth), so the totals always reconcile with the
    /// attempt rows. Idempotent. A finished run is also indexed under every rollout it took part in
    /// (<see cref="RolloutRunStore"/>).
    /// </summary>
    public async Task<RunRecord> CompleteAsync(RunCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        RunDetails details = await GetAsync(completion.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {completion.RunId} has no record.");

        TokenUsage usage = TokenUsage.None;
        ModelCost cost = ModelCost.Zero;
        long latency = 0;
        foreach (AttemptRecord attempt in details.Attempts)
        {
            usage = usage.Add(attempt.Usage);
            cost = cost.Add(attempt.Cost);
            latency += attempt.LatencyMilliseconds;
        }

        AttemptRecord? answered = details.Attempts.LastOrDefault(a => AttemptOutcomes.IsAnswer(a.Outcome));
        RunRecord completed = details.Run with
        {
            Status = completion.Status,
            CompletedAt = completion.Status is RunStatus.Completed or RunStatus.Failed ? details.Run.CompletedAt ?? time.GetUtcNow() : null,
            Output = completion.Output,
            Error = completion.Error,
            Usage = usage,
            Cost = cost,
            Attempts = details.Attempts.Count,
            Deployment = answered?.Deployment,
            ResponseModel = answered?.ResponseModel,
            ModelLatencyMilliseconds = latency,
            CostCeiling = completion.CostCeiling ?? details.Run.CostCeiling,
            LatencyBudgetMilliseconds = completion.LatencyBudget is { } budget ? (long)budget.TotalMilliseconds : details.Run.LatencyBudgetMilliseconds,
            LatencyBudgetExceeded = completion.LatencyBudget is { } limit && latency > limit.TotalMilliseconds,
            FailureOutcome = completion.FailureOutcome,
        };
        bool newlyFinished = details.Run.Status is not (RunStatus.Completed or RunStatus.Failed) && completed.Status is RunStatus.Completed or RunStatus.Failed;

        // Rollouts: a finished run's row under each rollout its attempts name (the rollout report reads that partition),
        // written first, so a run that reads as finished is already counted in its rollouts' reports.
        await _rolloutRuns.RecordAsync(completed, details.Attempts, cancellationToken).ConfigureAwait(false);
        TableClient table = await tables.Runs.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(completed), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (newlyFinished && completed.LatencyBudgetExceeded)
        {
            TollgateTelemetry.LatencyBudgetBreaches.Add(1, new KeyValuePair<string, object?>(TollgateTelemetry.Attributes.Workflow, completed.Workflow));
        }

        return completed;
    }

    /// <summary>Row key of an attempt; attempts of one call sort by number.</summary>
    public static string AttemptRowKey(string callId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{AttemptRowPrefix}{callId}|{attempt:D3}");

    private static string CallbackRowKey(int attempt) => string.Create(CultureInfo.InvariantCulture, $"{CallbackRowPrefix}{attempt:D3}");

    private static CallbackAttemptRecord ToCallbackAttempt(TableEntity e) => new(
        RunId: e.PartitionKey,
        Attempt: e.GetInt32("Attempt") ?? 0,
        At: e.GetDateTimeOffset("At") ?? default,
        Outcome: Enum.TryParse(e.GetString("Outcome"), out CallbackOutcome outcome) ? outcome : CallbackOutcome.Failed,
        StatusCode: e.GetInt32("StatusCode"),
        Error: e.GetString("Error"),
        DurationMilliseconds: e.GetInt64("DurationMs") ?? 0,
        Final: e.GetBoolean("Final") ?? false);

    private static TableEntity ToEntity(RunRecord run)
    {
        var entity = new TableEntity(run.RunId, RunRowKey)
        {
            ["Workflow"] = run.Workflow,
            ["UserId"] = run.UserId,
            ["Status"] = run.Status.ToString(),
            ["CreatedAt"] = run.CreatedAt,
            ["InputSha256"] = run.InputSha256,
            ["Input"] = run.Input,
            ["CompletedAt"] = run.CompletedAt,
            ["Output"] = run.Output,
            ["Error"] = run.Error,
            ["Attempts"] = run.Attempts,
            ["Deployment"] = run.Deployment,
            ["ResponseModel"] = run.ResponseModel,
            ["ModelLatencyMs"] = run.ModelLatencyMilliseconds,
            ["ReplayOf"] = run.ReplayOf,
            ["ReplayMode"] = run.ReplayMode?.ToString(),
            ["CostCeiling"] = run.CostCeiling is { } ceiling ? TableMoney.Format(ceiling) : null,
            ["LatencyBudgetMs"] = run.LatencyBudgetMilliseconds,
            ["LatencyBudgetExceeded"] = run.LatencyBudgetExceeded,
            ["FailureOutcome"] = run.FailureOutcome?.ToString(),
            ["CallbackUrl"] = run.CallbackUrl,
        };
        if (run.Usage is not null)
        {
            WriteUsage(entity, run.Usage);
        }

        if (run.Cost is not null)
        {
            WriteCost(entity, run.Cost);
        }

        return entity;
    }

    private static RunRecord ToRun(TableEntity e) => new(
        RunId: e.PartitionKey,
        Workflow: e.GetString("Workflow"),
        UserId: e.GetString("UserId"),
        Status: Enum.Parse<RunStatus>(e.GetString("Status")),
        CreatedAt: e.GetDateTimeOffset("CreatedAt") ?? default,
        InputSha256: e.GetString("InputSha256"),
        Input: e.GetString("Input"),
        CompletedAt: e.GetDateTimeOffset("CompletedAt"),
        Output: e.GetString("Output"),
        Error: e.GetString("Error"),
        Usage: e.ContainsKey("InputTokens") ? ReadUsage(e) : null,
        Cost: e.ContainsKey("CostTotal") ? ReadCost(e) : null,
        Attempts: e.GetInt32("Attempts") ?? 0,
        Deployment: e.GetString("Deployment"),
        ResponseModel: e.GetString("ResponseModel"),
        ModelLatencyMilliseconds: e.GetInt64("ModelLatencyMs"),
        ReplayOf: e.GetString("ReplayOf"),
        ReplayMode: e.GetString("ReplayMode") is { } mode ? Enum.Parse<ReplayMode>(mode) : null,
        CostCeiling: e.GetString("CostCeiling") is { } ceiling ? TableMoney.Parse(ceiling) : null,
        LatencyBudgetMilliseconds: e.GetInt64("LatencyBudgetMs"),
        LatencyBudgetExceeded: e.GetBoolean("LatencyBudgetExceeded") ?? false,
        FailureOutcome: e.GetString("FailureOutcome") is { } outcome && Enum.TryParse(outcome, out AttemptOutcome parsed) ? parsed : null,
        CallbackUrl: e.GetString("CallbackUrl"));

    private static TableEntity ToEntity(AttemptRecord a)
    {
        var entity = new TableEntity(a.RunId, AttemptRowKey(a.CallId, a.Attempt))
        {
            ["CallId"] = a.CallId,
            ["Attempt"] = a.Attempt,
            ["Step"] = a.Step,
            ["Deployment"] = a.Deployment,
            ["PromptId"] = a.PromptId,
            ["PromptVersion"] = a.PromptVersion,
            ["PromptSha256"] = a.PromptSha256,
            ["CountedInputTokens"] = a.CountedInputTokens,
            ["MaxOutputTokens"] = a.MaxOutputTokens,
            ["Outcome"] = a.Outcome.ToString(),
            ["StartedAt"] = a.StartedAt,
            ["LatencyMs"] = a.LatencyMilliseconds,
            ["CostIsEstimate"] = a.CostIsEstimate,
            ["Reserved"] = TableMoney.Format(a.Reserved),
            ["StepMaxOutputTokens"] = a.StepMaxOutputTokens,
            ["ResponseModel"] = a.ResponseModel,
            ["SystemFingerprint"] = a.SystemFingerprint,
            ["FinishReason"] = a.FinishReason,
            ["Output"] = a.Output,
            ["Error"] = a.Error,
            ["ReplayedFrom"] = a.ReplayedFrom,
            ["Seed"] = a.Seed,
            ["IsRepair"] = a.IsRepair,
            ["OutputSchemaSha256"] = a.OutputSchemaSha256,
            ["CachedFrom"] = a.CachedFrom,
            ["StaleAgeSeconds"] = a.StaleAgeSeconds,
            ["TrimmedTokens"] = a.TrimmedTokens,
            ["RolloutArm"] = a.RolloutArm,
        };
        WriteUsage(entity, a.Usage);
        WriteCost(entity, a.Cost);
        return entity;
    }

    private static AttemptRecord ToAttempt(TableEntity e) => new(
        RunId: e.PartitionKey,
        CallId: e.GetString("CallId"),
        Attempt: e.GetInt32("Attempt") ?? 0,
        Step: e.GetString("Step"),
        Deployment: e.GetString("Deployment"),
        PromptId: e.GetString("PromptId"),
        PromptVersion: e.GetInt32("PromptVersion") ?? 0,
        PromptSha256: e.GetString("PromptSha256"),
        CountedInputTokens: e.GetInt32("CountedInputTokens") ?? 0,
        MaxOutputTokens: e.GetInt32("MaxOutputTokens") ?? 0,
        Outcome: Enum.Parse<AttemptOutcome>(e.GetString("Outcome")),
        StartedAt: e.GetDateTimeOffset("StartedAt") ?? default,
        LatencyMilliseconds: e.GetInt64("LatencyMs") ?? 0,
        Usage: ReadUsage(e),
        Cost: ReadCost(e),
        CostIsEstimate: e.GetBoolean("CostIsEstimate") ?? false,
        Reserved: TableMoney.Parse(e.GetString("Reserved")),
        StepMaxOutputTokens: e.GetInt32("StepMaxOutputTokens") ?? 0,
        ResponseModel: e.GetString("ResponseModel"),
        SystemFingerprint: e.GetString("SystemFingerprint"),
        FinishReason: e.GetString("FinishReason"),
        Output: e.GetString("Output"),
        Error: e.GetString("Error"),
        ReplayedFrom: e.GetString("ReplayedFrom"),
        Seed: e.GetInt64("Seed"),
        IsRepair: e.GetBoolean("IsRepair") ?? false,
        OutputSchemaSha256: e.GetString("OutputSchemaSha256"),
        CachedFrom: e.GetString("CachedFrom"),
        StaleAgeSeconds: e.GetInt64("StaleAgeSeconds"),
        TrimmedTokens: e.GetInt32("TrimmedTokens") ?? 0,
        RolloutArm: e.GetString("RolloutArm"));

    private static void WriteUsage(TableEntity entity, TokenUsage usage)
    {
        entity["InputTokens"] = usage.InputTokens;
        entity["CachedInputTokens"] = usage.CachedInputTokens;
        entity["OutputTokens"] = usage.OutputTokens;
        entity["ReasoningTokens"] = usage.ReasoningTokens;
    }

    private static TokenUsage ReadUsage(TableEntity e) => new(
        e.GetInt32("InputTokens") ?? 0,
        e.GetInt32("CachedInputTokens") ?? 0,
        e.GetInt32("OutputTokens") ?? 0,
        e.GetInt32("ReasoningTokens") ?? 0);

    private static void WriteCost(TableEntity entity, ModelCost cost)
    {
        entity["CostInput"] = TableMoney.Format(cost.Input);
        entity["CostCachedInput"] = TableMoney.Format(cost.CachedInput);
        entity["CostOutput"] = TableMoney.Format(cost.Output);
        entity["CostTotal"] = TableMoney.Format(cost.Total);
    }

    private static ModelCost ReadCost(TableEntity e) => new(
        TableMoney.Parse(e.GetString("CostInput")),
        TableMoney.Parse(e.GetString("CostCachedInput")),
        TableMoney.Parse(e.GetString("CostOutput")));
}

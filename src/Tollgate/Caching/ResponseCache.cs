using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Tollgate.Models;
using Tollgate.Outputs;
using Tollgate.Prompts;
using Tollgate.Storage;

namespace Tollgate.Caching;

/// <summary>
/// The response cache a step opts into with <see cref="CachePolicy"/>. The gateway asks it before anything is
/// reserved or sent (<see cref="LookupAsync"/>: a fresh entry for exactly this request answers as
/// <see cref="AttemptOutcome.Cached"/>, at no cost) and hands it every valid answer afterwards
/// (<see cref="StoreAsync"/>, best effort). Entries live in Table Storage, one partition per
/// <see cref="ResponseCacheKey"/>; the newest answer for a key replaces the one before.
/// </summary>
/// <remarks>
/// An answer longer than <see cref="MaxOutputChars"/> is not cached (there is no blob overflow): Table Storage holds
/// at most 64 KiB (32K UTF-16 characters) in a string property, and the attempt row that a hit records keeps the
/// same length inline. An entry that cannot be read — storage unavailable, a property missing or of another type, an
/// older format, an answer that no longer satisfies the step's schema — is a miss, never an error.
/// </remarks>
public sealed partial class ResponseCache(TollgateTables tables, TimeProvider time, ILogger<ResponseCache> logger)
{
    /// <summary>The longest answer stored: what an attempt row keeps inline.</summary>
    public const int MaxOutputChars = ModelGateway.MaxRecordedOutputChars;

    /// <summary>The entry's row key; the partition key is the request's key hash.</summary>
    internal const string EntryRowKey = "entry";

    /// <summary>The entity layout; an entry of another format is a miss, and swept.</summary>
    internal const int EntryFormat = 1;

    /// <summary>
    /// A fresh entry for exactly this request, as a <see cref="AttemptOutcome.Cached"/> answer (no usage, no cost),
    /// or null: the step has no cache, the run asked to bypass it, this is a repair attempt, or nothing fresh is stored.
    /// </summary>
    public async Task<ModelAttemptResult?> LookupAsync(ModelAttemptRequest request, RenderedPrompt prompt, string deploymentName,
        ModelDeploymentOptions deployment, int countedInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cache is not { } policy || request.BypassCache || request.Repair is not null)
        {
            return null;
        }

        long started = time.GetTimestamp();
        ResponseCacheKey key = ResponseCacheKey.For(deploymentName, deployment, prompt, request.MaxOutputTokens, request.Output);
        ResponseCacheEntry? entry = await FindAsync(key, request.Output, cancellationToken).ConfigureAwait(false);
        if (entry is null || time.GetUtcNow() - entry.CreatedAt >= policy.TimeToLive)
        {
            return null;
        }

        LogHit(request.RunId, request.Step, deploymentName, entry.Source);
        return Answer(AttemptOutcome.Cached, entry, deploymentName, countedInput, request.MaxOutputTokens, Elapsed(started));
    }

    /// <summary>
    /// Stores <paramref name="answered"/> for the step's request when it may answer an identical one: a valid
    /// (<see cref="AttemptOutcome.Succeeded"/>, schema-checked) answer that finished on its own (<c>stop</c>) or at the
    /// step's full cap, and fits <see cref="MaxOutputChars"/>. Best effort: a write that fails is logged, never thrown.
    /// A run that bypassed the cache still stores its fresh answers.
    /// </summary>
    public async Task StoreAsync(ModelAttemptRequest request, RenderedPrompt prompt, string deploymentName, ModelDeploymentOptions deployment,
        ModelAttemptResult answered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(answered);
        if (request.Cache is not { } policy || answered.Outcome != AttemptOutcome.Succeeded || answered.Text is not { } text)
        {
            return;
        }

        bool complete = answered.FinishReason == "stop" || (answered.FinishReason == "length" && answered.MaxOutputTokens == request.MaxOutputTokens);
        if (!complete || text.Length > MaxOutputChars)
        {
            LogNotStored(request.RunId, request.Step, answered.FinishReason, text.Length);
            return;
        }

        ResponseCacheKey key = ResponseCacheKey.For(deploymentName, deployment, prompt, request.MaxOutputTokens, request.Output);
        DateTimeOffset now = time.GetUtcNow();
        var entry = new ResponseCacheEntry(
            key.Hash, deploymentName, deployment.Deployment, text, answered.ResponseModel, answered.SystemFingerprint, answered.FinishReason,
            now, now + policy.TimeToLive, string.Create(CultureInfo.InvariantCulture, $"{request.RunId}/{request.CallId}/{request.Attempt}"),
            request.Workflow, request.Step, prompt.Template.Id, prompt.Template.Version, prompt.Template.ContentHash, request.Output?.Sha256,
            answered.Usage, answered.Cost.Total);
        try
        {
            TableClient table = await tables.ResponseCache.GetAsync(cancellationToken).ConfigureAwait(false);
            await table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or HttpRequestException or InvalidOperationException)
        {
            LogWriteFailed(request.RunId, request.Step, ex.GetType().Name);
        }
    }

    /// <summary>
    /// The entry stored under <paramref name="key"/>, fresh or not, or null when there is none or it cannot be read
    /// (or, for a structured step, no longer satisfies <paramref name="schema"/>).
    /// </summary>
    public async Task<ResponseCacheEntry?> FindAsync(ResponseCacheKey key, OutputSchema? schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        string hash = key.Hash;
        TableEntity? row;
        try
        {
            TableClient table = await tables.ResponseCache.GetAsync(cancellationToken).ConfigureAwait(false);
            row = await table.FindAsync(hash, EntryRowKey, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            LogUnreadable(hash, $"storage answered {ex.Status}");
            return null;
        }

        if (row is null)
        {
            return null;
        }

        ResponseCacheEntry? entry = Read(row);
        if (entry is null)
        {
            LogUnreadable(hash, "the entry is corrupt or of another format");
            return null;
        }

        if (schema is not null && OutputValidation.Validate(schema, entry.Output).Count > 0)
        {
            LogUnreadable(hash, "the answer does not satisfy the step's schema");
            return null;
        }

        return entry;
    }

    /// <summary>
    /// Deletes every entry whose time-to-live ended before now minus <paramref name="staleRetention"/>, and every entry
    /// that cannot be read; returns how many. An entry rewritten since it was read (another ETag) is kept.
    /// </summary>
    public async Task<int> SweepAsync(TimeSpan staleRetention, CancellationToken cancellationToken)
    {
        DateTimeOffset before = time.GetUtcNow() - staleRetention;
        TableClient table = await tables.ResponseCache.GetAsync(cancellationToken).ConfigureAwait(false);
        int removed = 0;
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Format", "ExpiresAt"],
            cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            bool readable = row.RowKey == EntryRowKey && Value<int>(row, "Format") == EntryFormat && row.TryGetValue("ExpiresAt", out object? value)
                && value is DateTimeOffset;
            if (readable && (DateTimeOffset)row["ExpiresAt"] >= before)
            {
                continue;
            }

            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Deleted meanwhile, or rewritten with a fresh answer: nothing to do.
            }
        }

        return removed;
    }

    /// <summary>An answer from <paramref name="entry"/>: nothing sent, no usage, no cost, naming the attempt it came from.</summary>
    internal static ModelAttemptResult Answer(AttemptOutcome outcome, ResponseCacheEntry entry, string deploymentName, int countedInput,
        int maxOutputTokens, long latencyMilliseconds, long? staleAgeSeconds = null) =>
        new(outcome, deploymentName, entry.Output, entry.ResponseModel, entry.SystemFingerprint, entry.FinishReason, countedInput, maxOutputTokens,
            TokenUsage.None, ModelCost.Zero, latencyMilliseconds, CachedFrom: entry.Source, StaleAgeSeconds: staleAgeSeconds);

    internal static TableEntity ToEntity(ResponseCacheEntry entry) => new(entry.Key, EntryRowKey)
    {
        ["Format"] = EntryFormat,
        ["CatalogEntry"] = entry.CatalogEntry,
        ["Model"] = entry.Model,
        ["Output"] = entry.Output,
        ["ResponseModel"] = entry.ResponseModel,
        ["SystemFingerprint"] = entry.SystemFingerprint,
        ["FinishReason"] = entry.FinishReason,
        ["CreatedAt"] = entry.CreatedAt,
        ["ExpiresAt"] = entry.ExpiresAt,
        ["Source"] = entry.Source,
        ["Workflow"] = entry.Workflow,
        ["Step"] = entry.Step,
        ["PromptId"] = entry.PromptId,
        ["PromptVersion"] = entry.PromptVersion,
        ["PromptSha256"] = entry.PromptSha256,
        ["OutputSchemaSha256"] = entry.OutputSchemaSha256,
        ["InputTokens"] = entry.Usage.InputTokens,
        ["CachedInputTokens"] = entry.Usage.CachedInputTokens,
        ["OutputTokens"] = entry.Usage.OutputTokens,
        ["ReasoningTokens"] = entry.Usage.ReasoningTokens,
        ["Cost"] = TableMoney.Format(entry.Cost),
    };

    /// <summary>The entry in <paramref name="row"/>, or null when anything it needs is missing, of another type or format.</summary>
    internal static ResponseCacheEntry? Read(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.RowKey != EntryRowKey || Value<int>(row, "Format") != EntryFormat
            || Text(row, "Output") is not { Length: > 0 } output || Text(row, "Source") is not { Length: > 0 } source
            || Text(row, "CatalogEntry") is not { } catalogEntry || Text(row, "Step") is not { } step
            || Value<DateTimeOffset>(row, "CreatedAt") is not { } createdAt || Value<DateTimeOffset>(row, "ExpiresAt") is not { } expiresAt
            || !decimal.TryParse(Text(row, "Cost") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture, out decimal cost))
        {
            return null;
        }

        return new ResponseCacheEntry(
            row.PartitionKey, catalogEntry, Text(row, "Model") ?? "", output, Text(row, "ResponseModel"), Text(row, "SystemFingerprint"),
            Text(row, "FinishReason"), createdAt, expiresAt, source, Text(row, "Workflow"), step, Text(row, "PromptId") ?? "",
            Value<int>(row, "PromptVersion") ?? 0, Text(row, "PromptSha256") ?? "", Text(row, "OutputSchemaSha256"),
            new TokenUsage(Value<int>(row, "InputTokens") ?? 0, Value<int>(row, "CachedInputTokens") ?? 0, Value<int>(row, "OutputTokens") ?? 0,
                Value<int>(row, "ReasoningTokens") ?? 0),
            cost);
    }

    // Pattern matches, not TableEntity's typed getters, which throw for a property of another type.
    private static string? Text(TableEntity row, string name) => row.TryGetValue(name, out object? value) && value is string text ? text : null;

    private static T? Value<T>(TableEntity row, string name)
        where T : struct => row.TryGetValue(name, out object? value) && value is T typed ? typed : null;

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} step {Step} answered from the response cache on {Deployment} (from {Source})")]
    private partial void LogHit(string runId, string step, string deployment, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId} step {Step}: answer not cached (finish reason {FinishReason}, {Length} characters)")]
    private partial void LogNotStored(string runId, string step, string? finishReason, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} step {Step}: the answer could not be written to the response cache ({ExceptionType}); the attempt stands")]
    private partial void LogWriteFailed(string runId, string step, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response cache entry {Key} could not be read ({Reason}): treated as a miss")]
    private partial void LogUnreadable(string key, string reason);
}

using Tollgate.Models;

namespace Tollgate.Caching;

/// <summary>
/// One stored answer (table <c>{TablePrefix}ResponseCache</c>, partition = the key's hash, row <c>entry</c>): the answer
/// and what the provider said about it (response model id, system fingerprint, finish reason), when it was stored and
/// until when it is fresh, the attempt it came from (<see cref="Source"/>: "{runId}/{callId}/{attempt}") and, for the
/// record, what that attempt used and cost. <see cref="CatalogEntry"/> is the deployment that answered.
/// </summary>
public sealed record ResponseCacheEntry(
    string Key,
    string CatalogEntry,
    string Model,
    string Output,
    string? ResponseModel,
    string? SystemFingerprint,
    string? FinishReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string Source,
    string? Workflow,
    string Step,
    string PromptId,
    int PromptVersion,
    string PromptSha256,
    string? OutputSchemaSha256,
    TokenUsage Usage,
    decimal Cost);

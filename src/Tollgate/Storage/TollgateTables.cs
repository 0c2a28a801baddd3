using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Tollgate.Storage;

/// <summary>
/// The tables Tollgate uses. Each is created on first use (idempotently, and again after a failed
/// attempt), so a fresh Azurite or storage account needs no set-up step.
/// </summary>
public sealed class TollgateTables
{
    public const string RunsName = "Runs";
    public const string BudgetsName = "Budgets";
    public const string ResponseCacheName = "ResponseCache";
    public const string RolloutRunsName = "RolloutRuns";
    public const string JobItemsName = "JobItems";

    public TollgateTables(IOptions<StorageOptions> options, TokenCredential credential)
    {
        StorageOptions value = options.Value;
        TableServiceClient service = value.ConnectionString is { Length: > 0 } connectionString
            ? new TableServiceClient(connectionString)
            : new TableServiceClient(value.TableServiceUri, credential);
        Runs = new EnsuredTable(service.GetTableClient(value.TablePrefix + RunsName));
        Budgets = new EnsuredTable(service.GetTableClient(value.TablePrefix + BudgetsName));
        ResponseCache = new EnsuredTable(service.GetTableClient(value.TablePrefix + ResponseCacheName));
        RolloutRuns = new EnsuredTable(service.GetTableClient(value.TablePrefix + RolloutRunsName));
        JobItems = new EnsuredTable(service.GetTableClient(value.TablePrefix + JobItemsName));
    }

    /// <summary>Run rows and their attempt rows, partitioned by run id.</summary>
    public EnsuredTable Runs { get; }

    /// <summary>Per-user budget rows and their open reservations, partitioned by user id.</summary>
    public EnsuredTable Budgets { get; }

    /// <summary>Response cache entries, one partition per request key (<c>Caching/ResponseCache</c>).</summary>
    public EnsuredTable ResponseCache { get; }
    /// <summary>One row per finished run per rollout it took part in, partitioned by rollout name (the rollout report reads one partition).</summary>
    public EnsuredTable RolloutRuns { get; }

    /// <summary>Enrichment jobs' items, one partition per job (<c>Jobs/JobItemStore</c>).</summary>
    public EnsuredTable JobItems { get; }
}

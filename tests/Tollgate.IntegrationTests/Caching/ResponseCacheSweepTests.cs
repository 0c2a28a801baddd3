using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Caching;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Models;
using Tollgate.Storage;

namespace Tollgate.IntegrationTests.Caching;

/// <summary>
/// The hourly sweep on Azurite: an entry whose time-to-live ended more than the stale retention ago is deleted, as
/// is one that cannot be read; fresh entries and expired ones still within the retention (for stale-serving) stay.
/// </summary>
public sealed class ResponseCacheSweepTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly string _prefix = Azurite.UniqueTablePrefix();
    private readonly FakeTimeProvider _time = new(Now);
    private TableClient _table = null!;
    private ResponseCacheSweeper _sweeper = null!;

    public async Task InitializeAsync()
    {
        Azurite.EnsureRunning();
        var tables = new TollgateTables(Options.Create(new StorageOptions { ConnectionString = Azurite.ConnectionString, TablePrefix = _prefix }),
            new Azure.Identity.DefaultAzureCredential());
        var cache = new ResponseCache(tables, _time, NullLogger<ResponseCache>.Instance);
        _sweeper = new ResponseCacheSweeper(cache, new StaticOptionsMonitor<ResponseCacheOptions>(new ResponseCacheOptions { StaleRetention = TimeSpan.FromDays(7) }),
            NullLogger<ResponseCacheSweeper>.Instance);
        _table = Azurite.Table(_prefix + TollgateTables.ResponseCacheName);
        await _table.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => _table.DeleteAsync();

    [Fact]
    public async Task EntriesPastTheirTimeToLiveAndTheStaleRetentionAreDeleted()
    {
        await AddAsync("fresh", expiresAt: Now.AddHours(1));
        await AddAsync("expired-yesterday", expiresAt: Now.AddDays(-1));
        await AddAsync("expired-6-days-ago", expiresAt: Now.AddDays(-6));
        await AddAsync("expired-8-days-ago", expiresAt: Now.AddDays(-8));
        await AddAsync("unreadable", expiresAt: Now.AddHours(1), corrupt: true);

        int removed = await _sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal(["expired-6-days-ago", "expired-yesterday", "fresh"], await RemainingAsync());
    }

    [Fact]
    public async Task AZeroRetentionDeletesWhatHasExpired()
    {
        await AddAsync("fresh", expiresAt: Now.AddMinutes(1));
        await AddAsync("expired", expiresAt: Now.AddMinutes(-1));
        var cache = new ResponseCache(new TollgateTables(Options.Create(new StorageOptions { ConnectionString = Azurite.ConnectionString, TablePrefix = _prefix }),
            new Azure.Identity.DefaultAzureCredential()), _time, NullLogger<ResponseCache>.Instance);

        Assert.Equal(1, await cache.SweepAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(["fresh"], await RemainingAsync());
    }

    private async Task AddAsync(string name, DateTimeOffset expiresAt, bool corrupt = false)
    {
        var entry = new ResponseCacheEntry(name, "primary", "gpt-4o", "answer", "gpt-4o-2024-08-06", null, "stop", expiresAt.AddHours(-24), expiresAt,
            "run/call/1", "classify", "classify", "classify", 1, "hash", null, TokenUsage.None, 0m);
        TableEntity row = ResponseCache.ToEntity(entry);
        if (corrupt)
        {
            row["Format"] = "one";
        }

        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace);
    }

    private async Task<List<string>> RemainingAsync()
    {
        var names = new List<string>();
        await foreach (TableEntity row in _table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            names.Add(row.PartitionKey);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }
}

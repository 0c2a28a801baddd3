using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Caching;
using Tollgate.Hosting;
using Tollgate.Models;

namespace Tollgate.Tests.Caching;

/// <summary>
/// A stored entry reads back as written; one that cannot be read — a property missing or of another type, another
/// format — reads as nothing (a miss), never as an exception.
/// </summary>
public sealed class ResponseCacheEntryTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static readonly ResponseCacheEntry Entry = new(
        new string('a', 64), "primary", "gpt-4o", """{"category":"bug"}""", "gpt-4o-2024-08-06", "fp_1", "stop", Created, Created.AddHours(24),
        "run1/call1/1", "classify", "classify", "classify", 1, new string('b', 64), new string('c', 64), new TokenUsage(120, 0, 30, 0), 0.0006m);

    public static TheoryData<string, Action<TableEntity>> Corruptions => new()
    {
        { "no output", e => e.Remove("Output") },
        { "empty output", e => e["Output"] = "" },
        { "output of another type", e => e["Output"] = 42 },
        { "another format", e => e["Format"] = ResponseCache.EntryFormat + 1 },
        { "no format", e => e.Remove("Format") },
        { "created-at as text", e => e["CreatedAt"] = "yesterday" },
        { "no expiry", e => e.Remove("ExpiresAt") },
        { "no source", e => e.Remove("Source") },
        { "cost that is not a number", e => e["Cost"] = "lots" },
        { "another row", e => e.RowKey = "something-else" },
    };

    [Fact]
    public void AnEntryReadsBackAsWritten()
    {
        ResponseCacheEntry? read = ResponseCache.Read(ResponseCache.ToEntity(Entry));

        Assert.Equal(Entry, read);
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void AnEntryThatCannotBeReadIsNothing(string corruption, Action<TableEntity> corrupt)
    {
        ArgumentNullException.ThrowIfNull(corrupt);
        TableEntity row = ResponseCache.ToEntity(Entry);
        corrupt(row);

        Assert.True(ResponseCache.Read(row) is null, $"An entry with {corruption} must read as a miss.");
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("366.00:00:00")]
    public void AStaleRetentionOutOfRangeStopsTheApp(string retention)
    {
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tollgate:Cache:StaleRetention"] = retention,
            }).Build())
            .AddTollgate()
            .BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ResponseCacheOptions>>().Value);
        Assert.Contains("Tollgate:Cache:StaleRetention", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StaleRetentionDefaultsToAWeek() => Assert.Equal(TimeSpan.FromDays(7), new ResponseCacheOptions().StaleRetention);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Tollgate.Caching;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Storage;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// The response cache over HTTP on the DevHost: <c>classify</c> opts in for a day. The second identical run is
/// answered from the cache — nothing sent to the simulator, nothing reserved or charged — and names the attempt its
/// answer came from; <c>Cache-Control: no-cache</c> sends the request anyway (and stores the fresh answer); an entry
/// that cannot be read is a miss.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class ResponseCacheTests(DevHostFixture fixture)
{
    private readonly string _text = $"The export button crashes the app every time I press it. {Guid.NewGuid():N}";

    [Fact]
    public async Task TheSecondIdenticalRunIsAnsweredFromTheCacheAtNoCostWithNothingSent()
    {
        string user = OwnTraffic.Marker("cache");
        long seed = OwnTraffic.ClassifySeed(_text);

        JsonElement first = await ClassifyAsync(user);
        JsonElement firstAttempt = Assert.Single(first.GetProperty("attempts").EnumerateArray().ToArray());
        Assert.Equal("Succeeded", firstAttempt.GetProperty("outcome").GetString());
        Assert.Single(fixture.Simulator.Requests, r => r.Seed == seed);
        decimal firstCost = first.GetProperty("cost").GetProperty("total").GetDecimal();
        Assert.True(firstCost > 0m);
        JsonElement budgetBefore = await BudgetAsync(user);

        JsonElement second = await ClassifyAsync(user);

        Assert.Equal("Completed", second.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("output").GetRawText(), second.GetProperty("output").GetRawText());
        JsonElement cached = Assert.Single(second.GetProperty("attempts").EnumerateArray().ToArray());
        Assert.Equal("Cached", cached.GetProperty("outcome").GetString());
        Assert.Equal($"{first.GetProperty("runId").GetString()}/{firstAttempt.GetProperty("callId").GetString()}/1",
            cached.GetProperty("cachedFrom").GetString());
        Assert.Equal(JsonValueKind.Null, cached.GetProperty("staleAgeSeconds").ValueKind);
        Assert.Equal(0m, cached.GetProperty("cost").GetProperty("total").GetDecimal());
        Assert.Equal(0m, cached.GetProperty("reserved").GetDecimal());
        Assert.Equal(0, cached.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        Assert.Equal(firstAttempt.GetProperty("responseModel").GetString(), cached.GetProperty("responseModel").GetString());
        Assert.Equal("primary", second.GetProperty("deployment").GetString());
        Assert.Equal(0m, second.GetProperty("cost").GetProperty("total").GetDecimal());
        Assert.False(second.GetProperty("servedStale").GetBoolean());

        // Nothing was sent for it, and the user's budget did not move.
        Assert.Single(fixture.Simulator.Requests, r => r.Seed == seed);
        JsonElement budgetAfter = await BudgetAsync(user);
        Assert.Equal(budgetBefore.GetProperty("spent").GetDecimal(), budgetAfter.GetProperty("spent").GetDecimal());
        Assert.Equal(firstCost, budgetAfter.GetProperty("spent").GetDecimal());
        Assert.Equal(0m, budgetAfter.GetProperty("reserved").GetDecimal());

        // Another user sending the same message is answered from the same entry: the key is the request, not the caller.
        JsonElement other = await ClassifyAsync(OwnTraffic.Marker("cache"));
        Assert.Equal("Cached", Assert.Single(other.GetProperty("attempts").EnumerateArray().ToArray()).GetProperty("outcome").GetString());
        Assert.Single(fixture.Simulator.Requests, r => r.Seed == seed);
    }

    [Fact]
    public async Task NoCacheOnTheRunRequestSendsTheCallAndStoresTheFreshAnswer()
    {
        string user = OwnTraffic.Marker("nocache");
        long seed = OwnTraffic.ClassifySeed(_text);
        JsonElement first = await ClassifyAsync(user);
        Assert.Equal("Succeeded", Assert.Single(first.GetProperty("attempts").EnumerateArray().ToArray()).GetProperty("outcome").GetString());

        JsonElement bypassed = await ClassifyAsync(user, "no-cache");

        JsonElement sent = Assert.Single(bypassed.GetProperty("attempts").EnumerateArray().ToArray());
        Assert.Equal("Succeeded", sent.GetProperty("outcome").GetString());
        Assert.True(bypassed.GetProperty("cost").GetProperty("total").GetDecimal() > 0m);
        Assert.Equal(2, fixture.Simulator.Requests.Count(r => r.Seed == seed));

        // The bypassing run's answer replaced the entry: the next plain run is answered from it.
        JsonElement after = await ClassifyAsync(user);
        JsonElement cached = Assert.Single(after.GetProperty("attempts").EnumerateArray().ToArray());
        Assert.Equal("Cached", cached.GetProperty("outcome").GetString());
        Assert.StartsWith(bypassed.GetProperty("runId").GetString()! + "/", cached.GetProperty("cachedFrom").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, fixture.Simulator.Requests.Count(r => r.Seed == seed));
    }

    [Theory]
    [InlineData("Format", 99)]
    [InlineData("Output", "{\"category\": \"not-a-category\"")]
    [InlineData("CreatedAt", "yesterday")]
    public async Task AnEntryThatCannotBeReadIsAMissNotAnError(string property, object value)
    {
        string user = OwnTraffic.Marker("corrupt");
        long seed = OwnTraffic.ClassifySeed(_text);
        JsonElement first = await ClassifyAsync(user);
        string firstRun = first.GetProperty("runId").GetString()!;
        TableClient table = Azurite.Table(fixture.TablePrefix + TollgateTables.ResponseCacheName);
        TableEntity entry = await SingleEntryFromAsync(table, firstRun);
        entry[property] = value;
        await table.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Replace);

        JsonElement second = await ClassifyAsync(user);

        Assert.Equal("Completed", second.GetProperty("status").GetString());
        Assert.Equal("Succeeded", Assert.Single(second.GetProperty("attempts").EnumerateArray().ToArray()).GetProperty("outcome").GetString());
        Assert.Equal(2, fixture.Simulator.Requests.Count(r => r.Seed == seed));
        // ... and the fresh answer replaced the unreadable entry.
        Assert.NotNull(ResponseCache.Read(await SingleEntryFromAsync(table, second.GetProperty("runId").GetString()!)));
    }

    private async Task<JsonElement> ClassifyAsync(string user, string? cacheControl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows/classify/runs")
        {
            Content = JsonContent.Create(new { userId = user, input = new { text = _text } }),
        };
        if (cacheControl is not null)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        using HttpResponseMessage accepted = await fixture.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        JsonElement run = await fixture.WaitForRunAsync(runId);
        Assert.True(run.GetProperty("status").GetString() == "Completed", run.GetRawText());
        return run;
    }

    private Task<JsonElement> BudgetAsync(string user) => fixture.Http.GetFromJsonAsync<JsonElement>($"api/users/{user}/budget");

    /// <summary>The entry whose answer came from <paramref name="runId"/>.</summary>
    private static async Task<TableEntity> SingleEntryFromAsync(TableClient table, string runId)
    {
        var entries = new List<TableEntity>();
        await foreach (TableEntity entry in table.QueryAsync<TableEntity>())
        {
            if (entry.TryGetValue("Source", out object? source) && source is string text && text.StartsWith(runId + "/", StringComparison.Ordinal))
            {
                entries.Add(entry);
            }
        }

        return Assert.Single(entries);
    }
}

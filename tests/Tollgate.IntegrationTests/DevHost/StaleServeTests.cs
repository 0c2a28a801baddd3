using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Storage;
using Tollgate.Workflows;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Stale-serve over HTTP on a DevHost of its own (the simulator's faults would disturb other tests): with every
/// deployment of the chain failing, <c>classify</c> (which allows it) completes from its newest cached entry, however
/// old, and says so; without an entry, or when the caller bypassed the cache, the failure stands.
/// </summary>
public sealed class StaleServeTests : IAsyncLifetime
{
    private static readonly TimeSpan Age = TimeSpan.FromDays(2);

    private readonly DevHostFixture _fixture = new();
    private readonly string _text = $"I was charged twice for my subscription this month. {Guid.NewGuid():N}";

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task WithEveryDeploymentFailingTheStepCompletesFromAnExpiredEntryAndSaysSo()
    {
        JsonElement first = await ClassifyAsync();
        Assert.Equal("Completed", first.GetProperty("status").GetString());
        string source = $"{first.GetProperty("runId").GetString()}/{first.GetProperty("attempts")[0].GetProperty("callId").GetString()}/1";
        await AgeEntriesAsync(Age); // well past classify's 24-hour time-to-live, within the 7-day stale retention
        FailEveryDeployment();

        JsonElement run = await ClassifyAsync();

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("servedStale").GetBoolean());
        Assert.Equal(first.GetProperty("output").GetRawText(), run.GetProperty("output").GetRawText());
        JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
        // The expired entry did not answer while the chain could still be tried: every deployment was asked first.
        Assert.Contains(attempts, a => a.GetProperty("deployment").GetString() == "primary" && a.GetProperty("outcome").GetString() == "ServerError");
        Assert.Contains(attempts, a => a.GetProperty("deployment").GetString() == "fallback" && a.GetProperty("outcome").GetString() == "ServerError");
        JsonElement stale = attempts[^1];
        Assert.Equal("ServedStale", stale.GetProperty("outcome").GetString());
        Assert.Equal(attempts.Length, stale.GetProperty("attempt").GetInt32());
        Assert.Equal("primary", stale.GetProperty("deployment").GetString());
        Assert.Equal(source, stale.GetProperty("cachedFrom").GetString());
        long ageSeconds = stale.GetProperty("staleAgeSeconds").GetInt64();
        Assert.InRange(ageSeconds, (long)Age.TotalSeconds, (long)Age.TotalSeconds + 120);
        Assert.Equal(0m, stale.GetProperty("cost").GetProperty("total").GetDecimal());
        Assert.Equal("primary", run.GetProperty("deployment").GetString());
        Assert.Equal(first.GetProperty("responseModel").GetString(), run.GetProperty("responseModel").GetString());
    }

    [Fact]
    public async Task WithoutAnEntryTheFailureStands()
    {
        FailEveryDeployment();

        JsonElement run = await ClassifyAsync();

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.False(run.GetProperty("servedStale").GetBoolean());
        Assert.Equal(ModelCalls.MaxAttempts, run.GetProperty("attempts").GetArrayLength());
        Assert.DoesNotContain(run.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("outcome").GetString() == "ServedStale");
    }

    [Fact]
    public async Task ARunThatBypassedTheCacheIsNotServedStale()
    {
        Assert.Equal("Completed", (await ClassifyAsync()).GetProperty("status").GetString());
        await AgeEntriesAsync(Age);
        FailEveryDeployment();

        JsonElement run = await ClassifyAsync("no-cache");

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.False(run.GetProperty("servedStale").GetBoolean());
    }

    private void FailEveryDeployment()
    {
        _fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { Fault = SimulatedFault.ServerError });
        _fixture.Simulator.Configure("gpt-4o-mini", new DeploymentBehavior { Fault = SimulatedFault.ServerError });
    }

    /// <summary>Moves every stored entry <paramref name="age"/> into the past, as if it had been stored then.</summary>
    private async Task AgeEntriesAsync(TimeSpan age)
    {
        TableClient table = Azurite.Table(_fixture.TablePrefix + TollgateTables.ResponseCacheName);
        int aged = 0;
        await foreach (TableEntity entry in table.QueryAsync<TableEntity>())
        {
            entry["CreatedAt"] = ((DateTimeOffset)entry["CreatedAt"]) - age;
            entry["ExpiresAt"] = ((DateTimeOffset)entry["ExpiresAt"]) - age;
            await table.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Replace);
            aged++;
        }

        Assert.Equal(1, aged);
    }

    private async Task<JsonElement> ClassifyAsync(string? cacheControl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows/classify/runs")
        {
            Content = JsonContent.Create(new { userId = "stale-user", input = new { text = _text } }),
        };
        if (cacheControl is not null)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        using HttpResponseMessage accepted = await _fixture.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await _fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(90));
    }
}

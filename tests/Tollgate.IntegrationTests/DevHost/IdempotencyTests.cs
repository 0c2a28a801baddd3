using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Intake;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>A repeated Idempotency-Key starts nothing new and calls no model again, even when the repeats race.</summary>
[Collection(DevHostGroup.Name)]
public sealed class IdempotencyTests(DevHostFixture fixture)
{
    [Fact]
    public async Task ARepeatedKeyAnswersWithTheFirstRunAndStartsNothingNew()
    {
        string key = Guid.NewGuid().ToString();
        var body = new { userId = "idem-user", input = new { text = "Exactly once, whatever the client retries." } };

        (HttpStatusCode firstStatus, JsonElement first, bool firstReplayed) = await PostAsync(key, body);
        await fixture.WaitForRunAsync(first.GetProperty("runId").GetString()!);
        int instances = await fixture.CountInstancesAsync();
        int modelRequests = fixture.Simulator.Requests.Count;

        (HttpStatusCode secondStatus, JsonElement second, bool secondReplayed) = await PostAsync(key, body);

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(HttpStatusCode.Accepted, secondStatus);
        Assert.False(firstReplayed);
        Assert.True(secondReplayed);
        Assert.Equal(first.GetProperty("runId").GetString(), second.GetProperty("runId").GetString());
        Assert.Equal("Completed", second.GetProperty("status").GetString());
        Assert.Equal(instances, await fixture.CountInstancesAsync());
        Assert.Equal(modelRequests, fixture.Simulator.Requests.Count);
    }

    [Fact]
    public async Task ConcurrentRepeatsOfOneKeyStartOneRunAndOneModelCall()
    {
        string key = Guid.NewGuid().ToString();
        var body = new { userId = "idem-user", input = new { text = "Five clients, one run." } };
        int modelRequests = fixture.Simulator.Requests.Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(key, body)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        string runId = Assert.Single(answers.Select(a => a.Body.GetProperty("runId").GetString()).Distinct())!;
        Assert.Single(answers, a => !a.Replayed);
        JsonElement run = await fixture.WaitForRunAsync(runId);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(modelRequests + 1, fixture.Simulator.Requests.Count);
    }

    [Fact]
    public async Task AKeyReusedWithADifferentBodyIs422AndChangesNothing()
    {
        string key = Guid.NewGuid().ToString();
        (_, JsonElement first, _) = await PostAsync(key, new { userId = "idem-user", input = new { text = "The first body." } });
        await fixture.WaitForRunAsync(first.GetProperty("runId").GetString()!);
        int rows = await Azurite.CountRowsAsync(fixture.RunsTable);
        int modelRequests = fixture.Simulator.Requests.Count;

        (HttpStatusCode status, JsonElement problem, _) = await PostAsync(key, new { userId = "idem-user", input = new { text = "A different body." } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.EndsWith("idempotency-key-reused", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(rows, await Azurite.CountRowsAsync(fixture.RunsTable));
        Assert.Equal(modelRequests, fixture.Simulator.Requests.Count);
    }

    [Fact]
    public async Task TheSameKeyFromAnotherUserIsAnotherRun()
    {
        string key = Guid.NewGuid().ToString();
        (_, JsonElement a, _) = await PostAsync(key, new { userId = "user-a", input = new { text = "Keys are scoped to the caller." } });
        (_, JsonElement b, bool replayed) = await PostAsync(key, new { userId = "user-b", input = new { text = "Keys are scoped to the caller." } });

        Assert.False(replayed);
        Assert.NotEqual(a.GetProperty("runId").GetString(), b.GetProperty("runId").GetString());
        await fixture.WaitForRunAsync(b.GetProperty("runId").GetString()!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task AnInvalidKeyIs400NamingTheHeader(string key)
    {
        int instances = await fixture.CountInstancesAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows/summarize/runs")
        {
            Content = JsonContent.Create(new { userId = "u", input = new { text = "hi" } }),
        };
        request.Headers.TryAddWithoutValidation(StartRunHandler.IdempotencyKeyHeader, key);

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(StartRunHandler.IdempotencyKeyHeader, out _));
        Assert.Equal(instances, await fixture.CountInstancesAsync());
    }

    [Fact]
    public async Task AnOverlongKeyIs400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows/summarize/runs")
        {
            Content = new StringContent("""{"userId":"u","input":{"text":"hi"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(StartRunHandler.IdempotencyKeyHeader, new string('k', 256));

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, bool Replayed)> PostAsync(string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows/summarize/runs") { Content = JsonContent.Create(body) };
        request.Headers.Add(StartRunHandler.IdempotencyKeyHeader, key);
        using HttpResponseMessage response = await fixture.Http.SendAsync(request);
        JsonElement json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, json, response.Headers.Contains(StartOutcome.ReplayedHeader));
    }
}

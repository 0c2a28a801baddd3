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
        string user = OwnTraffic.Marker("idem");
        string text = $"Exactly once, whatever the client retries. {user}";
        var body = new { userId = user, input = new { text } };

        (HttpStatusCode firstStatus, JsonElement first, bool firstReplayed) = await PostAsync(key, body);
        await fixture.WaitForRunAsync(first.GetProperty("runId").GetString()!);

        (HttpStatusCode secondStatus, JsonElement second, bool secondReplayed) = await PostAsync(key, body);

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(HttpStatusCode.Accepted, secondStatus);
        Assert.False(firstReplayed);
        Assert.True(secondReplayed);
        Assert.Equal(first.GetProperty("runId").GetString(), second.GetProperty("runId").GetString());
        Assert.Equal("Completed", second.GetProperty("status").GetString());
        Assert.Equal(1, await fixture.CountInstancesMentioningAsync(user));
        Assert.Equal(1, fixture.Simulator.RequestsFor(text));
    }

    [Fact]
    public async Task ConcurrentRepeatsOfOneKeyStartOneRunAndOneModelCall()
    {
        string key = Guid.NewGuid().ToString();
        string user = OwnTraffic.Marker("idem");
        string text = $"Five clients, one run. {user}";
        var body = new { userId = user, input = new { text } };

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(key, body)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        string runId = Assert.Single(answers.Select(a => a.Body.GetProperty("runId").GetString()).Distinct())!;
        Assert.Single(answers, a => !a.Replayed);
        JsonElement run = await fixture.WaitForRunAsync(runId);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(1, fixture.Simulator.RequestsFor(text));
        Assert.Equal(1, await fixture.CountInstancesMentioningAsync(user));
    }

    [Fact]
    public async Task AKeyReusedWithADifferentBodyIs422AndChangesNothing()
    {
        string key = Guid.NewGuid().ToString();
        string user = OwnTraffic.Marker("idem");
        string different = $"A different body. {user}";
        (_, JsonElement first, _) = await PostAsync(key, new { userId = user, input = new { text = $"The first body. {user}" } });
        await fixture.WaitForRunAsync(first.GetProperty("runId").GetString()!);
        int rows = await fixture.CountRowsOfUserAsync(user);

        (HttpStatusCode status, JsonElement problem, _) = await PostAsync(key, new { userId = user, input = new { text = different } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.EndsWith("idempotency-key-reused", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(rows, await fixture.CountRowsOfUserAsync(user));
        Assert.Equal(1, await fixture.CountInstancesMentioningAsync(user));
        Assert.Equal(0, fixture.Simulator.RequestsFor(different));
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
    [InlineData("job:leads:acme-1")] // would name a job item's run (reserved: IdempotencyScopes)
    [InlineData("Trigger:github_issues:abc")]
    [InlineData("queue:msg-1")]
    public async Task AnInvalidKeyIs400NamingTheHeader(string key)
    {
        string user = OwnTraffic.Marker("idem");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows/summarize/runs")
        {
            Content = JsonContent.Create(new { userId = user, input = new { text = "hi" } }),
        };
        request.Headers.TryAddWithoutValidation(StartRunHandler.IdempotencyKeyHeader, key);

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(StartRunHandler.IdempotencyKeyHeader, out _));
        Assert.Equal(0, await fixture.CountInstancesMentioningAsync(user));
        Assert.Equal(0, await fixture.CountRowsOfUserAsync(user));
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

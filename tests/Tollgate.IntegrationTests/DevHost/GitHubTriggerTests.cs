using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// From outside, as GitHub delivers: a signed <c>issues.opened</c> becomes a completed <c>classify</c> run of the
/// issue's title and body for the repository's owner; its redelivery answers with the same run; <c>ping</c> is answered;
/// an event the trigger does not handle is 2xx and ignored; a mis-signed one is 401; none of those starts anything.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class GitHubTriggerTests(DevHostFixture fixture)
{
    private readonly string _owner = OwnTraffic.Marker("octo");

    private string Issue(string action, string? body = "The invoice for March was charged twice.") => JsonSerializer.Serialize(new
    {
        action,
        issue = new { number = 7, title = $"Double charge {_owner}", body },
        repository = new { name = "tollgate", owner = new { login = _owner } },
    });

    private Task<HttpResponseMessage> DeliverAsync(string deliveryId, string githubEvent, string payload, string? secret = null) =>
        fixture.Http.SendAsync(TriggerDeliveries.GitHub(DevHostFixture.GitHubTrigger, secret ?? DevHostFixture.GitHubSecret, deliveryId, githubEvent, payload));

    [Fact]
    public async Task AnOpenedIssueBecomesACompletedClassifyRunAndItsRedeliveryStartsNothingNew()
    {
        string delivery = Guid.NewGuid().ToString();

        using HttpResponseMessage first = await DeliverAsync(delivery, "issues", Issue("opened"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        string runId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        JsonElement run = await fixture.WaitForRunAsync(runId);

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal("classify", run.GetProperty("workflow").GetString());
        Assert.Equal(_owner, run.GetProperty("userId").GetString());
        Assert.Equal($"Double charge {_owner}\n\nThe invoice for March was charged twice.",
            run.GetProperty("input").GetProperty("text").GetString());
        Assert.True(run.GetProperty("output").TryGetProperty("category", out _));

        using HttpResponseMessage again = await DeliverAsync(delivery, "issues", Issue("opened"));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(runId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString());

        // A captured delivery replayed under a made-up X-GitHub-Delivery (GitHub does not sign that header) is the same run too.
        using HttpResponseMessage replayed = await DeliverAsync(Guid.NewGuid().ToString(), "issues", Issue("opened"));

        Assert.Equal(runId, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString());
        Assert.Equal(1, await fixture.CountInstancesMentioningAsync(_owner));
    }

    [Fact]
    public async Task PingIsAnswered()
    {
        using HttpResponseMessage response = await DeliverAsync(Guid.NewGuid().ToString(), "ping", """{"zen":"Design for failure.","hook_id":1}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pong").GetBoolean());
    }

    [Fact]
    public async Task AnEventTheTriggerDoesNotHandleIs2xxAndIgnored()
    {
        using HttpResponseMessage response = await DeliverAsync(Guid.NewGuid().ToString(), "issues", Issue("closed"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("ignored").GetBoolean());
        Assert.Contains("issues.closed", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task AMisSignedDeliveryIs401()
    {
        using HttpResponseMessage response = await DeliverAsync(Guid.NewGuid().ToString(), "issues", Issue("opened"), "not-the-github-secret-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task AnIssueWithNoTextIs422NamingThePointers()
    {
        string payload = JsonSerializer.Serialize(new { action = "opened", issue = new { number = 8, title = (string?)null, body = (string?)null }, repository = new { owner = new { login = _owner } } });

        using HttpResponseMessage response = await DeliverAsync(Guid.NewGuid().ToString(), "issues", payload);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        string problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("Input:text", problem, StringComparison.Ordinal);
        Assert.Contains("/issue/title, /issue/body", problem, StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    private async Task AssertNothingStartedAsync()
    {
        Assert.Equal(0, await fixture.CountRowsOfUserAsync(_owner));
        Assert.Equal(0, await fixture.CountInstancesMentioningAsync(_owner));
    }
}

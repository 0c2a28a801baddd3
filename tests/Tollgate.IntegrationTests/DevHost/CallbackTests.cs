using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;
using Tollgate.Callbacks;
using Tollgate.Runs;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Signed result callbacks from outside, on the DevHost: a local receiver on http://127.0.0.1 (the DevHost's loopback
/// switch) gets the run's result signed as a Standard Webhooks delivery, retried on a durable timer after a 500, not after
/// a 410; every attempt is on the run. A private or plain-http callback URL is refused before a run exists.
/// </summary>
public sealed class CallbackTests(CallbackTests.WithCallbacks host) : IClassFixture<CallbackTests.WithCallbacks>
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>A GitHub trigger whose runs call back to the receiver: the issue's "done when" from end to end.</summary>
    public const string GitHubTrigger = "github-callback";

    private readonly DevHostFixture _fixture = host.Host;
    private readonly string _user = OwnTraffic.Marker("callback");
    private readonly ConcurrentQueue<int> _answers = host.TakeAnswers();
    private readonly ConcurrentQueue<(IHeaderDictionary Headers, string Body)> _received = host.TakeReceived();

    /// <summary>
    /// A local receiver on http://127.0.0.1 (started first, so the trigger's CallbackUrl can name its port) and a DevHost
    /// with callbacks on. Each test takes fresh queues of answers to give and deliveries received.
    /// </summary>
    public sealed class WithCallbacks : IAsyncLifetime
    {
        private WebApplication _receiver = null!;
        private ConcurrentQueue<int> _answers = new();
        private ConcurrentQueue<(IHeaderDictionary Headers, string Body)> _received = new();

        public DevHostFixture Host { get; } = new();

        public string ReceiverUrl { get; private set; } = "";

        public ConcurrentQueue<int> TakeAnswers() => _answers = new ConcurrentQueue<int>();

        public ConcurrentQueue<(IHeaderDictionary Headers, string Body)> TakeReceived() => _received = new ConcurrentQueue<(IHeaderDictionary, string)>();

        public async Task InitializeAsync()
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
            _receiver = builder.Build();
            _receiver.MapPost("/hook", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                _received.Enqueue((new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value)), await reader.ReadToEndAsync()));
                return Results.StatusCode(_answers.TryDequeue(out int status) ? status : 200);
            });
            await _receiver.StartAsync();
            ReceiverUrl = new Uri(new Uri(_receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
                "/hook?token=receiver-secret").ToString();

            Host.Settings["Tollgate:Callbacks:SigningSecret"] = Secret;
            Host.Settings["Tollgate:Callbacks:FirstRetryDelay"] = "00:00:02";
            Host.Settings["Tollgate:Callbacks:MaxAttempts"] = "3";
            Host.Settings["Tollgate:Callbacks:Timeout"] = "00:00:05";
            string trigger = $"Tollgate:Triggers:{GitHubTrigger}:";
            Host.Settings[trigger + "Kind"] = "GitHub";
            Host.Settings[trigger + "Secrets:0"] = DevHostFixture.GitHubSecret;
            Host.Settings[trigger + "Workflow"] = "classify";
            Host.Settings[trigger + "Events:0"] = "issues.opened";
            Host.Settings[trigger + "Input:text:0"] = "/issue/title";
            Host.Settings[trigger + "Input:text:1"] = "/issue/body";
            Host.Settings[trigger + "User"] = "/repository/owner/login";
            Host.Settings[trigger + "CallbackUrl"] = ReceiverUrl;
            await Host.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await _receiver.DisposeAsync();
        }
    }

    private string ReceiverUrl => host.ReceiverUrl;

    private object Request(string callbackUrl) => new { userId = _user, input = new { text = $"The invoice was charged twice. {_user}" }, callbackUrl };

    private async Task<string> StartAsync(object body)
    {
        using HttpResponseMessage response = await _fixture.StartRunAsync("classify", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
    }

    /// <summary>Polls the run until its callback leaves pending.</summary>
    private async Task<JsonElement> WaitForCallbackAsync(string runId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            JsonElement run = await _fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}", cts.Token);
            if (run.TryGetProperty("callback", out JsonElement callback) && callback.ValueKind == JsonValueKind.Object
                && callback.GetProperty("state").GetString() != "Pending")
            {
                return run;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    private static void AssertSigned((IHeaderDictionary Headers, string Body) delivery, string runId)
    {
        // The StandardWebhooks library, an implementation independent of ours, accepts the delivery.
        new StandardWebhook(Secret).Verify(delivery.Body, delivery.Headers);
        Assert.Equal("msg_tollgate_" + runId, delivery.Headers["webhook-id"].ToString());
        JsonElement payload = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal("run.completed", payload.GetProperty("type").GetString());
        JsonElement data = payload.GetProperty("data");
        Assert.Equal(runId, data.GetProperty("runId").GetString());
        Assert.Equal("classify", data.GetProperty("workflow").GetString());
        Assert.Equal("Completed", data.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, data.GetProperty("output").ValueKind);
        Assert.True(data.GetProperty("cost").GetProperty("total").GetDecimal() > 0);
    }

    [Fact]
    public async Task AFailedDeliveryIsRetriedAndTheSecondIsDeliveredSigned()
    {
        _answers.Enqueue(500);
        _answers.Enqueue(200);

        string runId = await StartAsync(Request(ReceiverUrl));
        JsonElement run = await WaitForCallbackAsync(runId);

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        JsonElement callback = run.GetProperty("callback");
        Assert.Equal("Delivered", callback.GetProperty("state").GetString());
        // The query string (which may hold the receiver's token) is not shown.
        Assert.DoesNotContain("receiver-secret", callback.GetProperty("url").GetString()!, StringComparison.Ordinal);
        JsonElement[] attempts = [.. callback.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(2, attempts.Length);
        Assert.Equal(("Failed", 500), (attempts[0].GetProperty("outcome").GetString(), attempts[0].GetProperty("statusCode").GetInt32()));
        Assert.Equal(("Delivered", 200), (attempts[1].GetProperty("outcome").GetString(), attempts[1].GetProperty("statusCode").GetInt32()));
        // The retry waited on the durable timer: FirstRetryDelay is 2 s, and the Azure Storage backend may fire a timer up to a
        // second early (it truncates the delay to whole seconds).
        TimeSpan gap = attempts[1].GetProperty("at").GetDateTimeOffset() - attempts[0].GetProperty("at").GetDateTimeOffset();
        Assert.True(gap >= TimeSpan.FromSeconds(1), $"The retry came {gap} after the first attempt.");

        (IHeaderDictionary Headers, string Body)[] deliveries = [.. _received];
        Assert.Equal(2, deliveries.Length);
        Assert.All(deliveries, d => AssertSigned(d, runId));
        Assert.Equal(deliveries[0].Body, deliveries[1].Body);
    }

    [Fact]
    public async Task AReceiverThatRefusesGetsOneAttemptAndTheCallbackFails()
    {
        _answers.Enqueue(410);

        string runId = await StartAsync(Request(ReceiverUrl));
        JsonElement run = await WaitForCallbackAsync(runId);

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        JsonElement callback = run.GetProperty("callback");
        Assert.Equal("Failed", callback.GetProperty("state").GetString());
        JsonElement attempt = Assert.Single(callback.GetProperty("attempts").EnumerateArray());
        Assert.Equal("Rejected", attempt.GetProperty("outcome").GetString());
        Assert.Equal(410, attempt.GetProperty("statusCode").GetInt32());
        Assert.Single(_received);
    }

    [Fact]
    public async Task ASignedGitHubIssueOpenedCompletesAClassifyRunAndCallsBackSigned()
    {
        // The issue's "done when", from outside: a signed GitHub issues.opened in, a completed classify run, a signed callback out.
        string payload = JsonSerializer.Serialize(new
        {
            action = "opened",
            issue = new { number = 12, title = $"Refund not received {_user}", body = "I was charged twice for the March invoice." },
            repository = new { name = "tollgate", owner = new { login = _user } },
        });
        using HttpResponseMessage response = await _fixture.Http.SendAsync(
            TriggerDeliveries.GitHub(GitHubTrigger, DevHostFixture.GitHubSecret, Guid.NewGuid().ToString(), "issues", payload));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;

        JsonElement run = await WaitForCallbackAsync(runId);

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(_user, run.GetProperty("userId").GetString());
        Assert.Equal("Delivered", run.GetProperty("callback").GetProperty("state").GetString());
        AssertSigned(Assert.Single(_received), runId);
    }

    [Theory]
    [InlineData("https://10.0.0.5/hook", "10.0.0.5 is a private address")]
    [InlineData("http://example.com/hook", "must be https")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://2852039166/", "169.254.169.254")]
    [InlineData("https://[::ffff:10.0.0.5]/", "private")]
    [InlineData("https://user:pw@127.0.0.1/", "user-info")]
    [InlineData("not a url", "not an absolute")]
    [InlineData("ftp://example.com/", "not an absolute")]
    public async Task ABadCallbackUrlIs400AndNoRunExists(string callbackUrl, string why)
    {
        using HttpResponseMessage response = await _fixture.StartRunAsync("classify", Request(callbackUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        string reason = problem.GetProperty("errors").GetProperty("callbackUrl")[0].GetString()!;
        Assert.Contains(why, reason, StringComparison.Ordinal);
        Assert.Equal(0, await _fixture.CountRowsOfUserAsync(_user));
        Assert.Equal(0, await _fixture.CountInstancesMentioningAsync(_user));
        Assert.Empty(_received);
    }

    [Fact]
    public async Task ARepeatWithTheSameKeyButAnotherCallbackIs422()
    {
        string key = "callback-" + Guid.NewGuid().ToString("N");
        using var first = new HttpRequestMessage(HttpMethod.Post, "api/workflows/classify/runs") { Content = JsonContent.Create(Request(ReceiverUrl)) };
        first.Headers.Add("Idempotency-Key", key);
        using HttpResponseMessage accepted = await _fixture.Http.SendAsync(first);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;

        using var second = new HttpRequestMessage(HttpMethod.Post, "api/workflows/classify/runs")
        {
            Content = JsonContent.Create(Request(ReceiverUrl.Replace("/hook", "/other", StringComparison.Ordinal))),
        };
        second.Headers.Add("Idempotency-Key", key);
        using HttpResponseMessage refused = await _fixture.Http.SendAsync(second);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("Delivered", (await WaitForCallbackAsync(runId)).GetProperty("callback").GetProperty("state").GetString());
    }

    /// <summary>A finished run recorded directly, for driving the activity by hand.</summary>
    private async Task<string> RecordFinishedRunAsync()
    {
        string runId = RunIds.New(TimeProvider.System);
        RunStore runs = _fixture.Host.App.Services.GetRequiredService<RunStore>();
        var run = new RunRecord(runId, "classify", _user, RunStatus.Failed, DateTimeOffset.UtcNow, "00", null, CompletedAt: DateTimeOffset.UtcNow,
            Error: "no answer", CallbackUrl: "https://receiver.example/hook");
        Assert.True(await runs.TryCreateAsync(run, CancellationToken.None));
        return runId;
    }

    [Fact]
    public async Task AReExecutedAttemptNeitherSendsNorRecordsTwice()
    {
        string runId = await RecordFinishedRunAsync();
        CallbackDelivery delivery = _fixture.Host.App.Services.GetRequiredService<CallbackDelivery>();
        var request = new CallbackAttemptRequest(runId, new Uri(ReceiverUrl), 1, 3);

        CallbackAttemptRecord first = await delivery.DeliverAsync(request, CancellationToken.None);
        CallbackAttemptRecord again = await delivery.DeliverAsync(request, CancellationToken.None);

        Assert.Equal(CallbackOutcome.Delivered, first.Outcome);
        Assert.Equal(first, again);
        (IHeaderDictionary Headers, string Body) received = Assert.Single(_received);
        Assert.Equal("run.failed", JsonDocument.Parse(received.Body).RootElement.GetProperty("type").GetString());
        RunDetails details = (await _fixture.Host.App.Services.GetRequiredService<RunStore>().GetAsync(runId, CancellationToken.None))!;
        Assert.Single(details.CallbackAttempts!);
    }

    [Fact]
    public async Task ATargetThatIsInternalAtDeliveryIsRefusedAndNotRetried()
    {
        // Intake checked the URL; by delivery time its name points inside. The sender's connect check refuses it.
        string runId = await RecordFinishedRunAsync();
        CallbackDelivery delivery = _fixture.Host.App.Services.GetRequiredService<CallbackDelivery>();

        CallbackAttemptRecord attempt = await delivery.DeliverAsync(new CallbackAttemptRequest(runId, new Uri("https://10.0.0.5/hook"), 1, 3), CancellationToken.None);

        Assert.Equal(CallbackOutcome.Refused, attempt.Outcome);
        Assert.True(attempt.Final);
        Assert.Contains("10.0.0.5 is a private address", attempt.Error, StringComparison.Ordinal);
        JsonElement run = await _fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}");
        Assert.Equal("Refused", run.GetProperty("callback").GetProperty("state").GetString());
    }

    [Fact]
    public async Task ACallbackUrlThatIsNotAStringIs400()
    {
        using HttpResponseMessage response = await _fixture.StartRunAsync("classify", new { userId = _user, input = new { text = "x" }, callbackUrl = 42 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _fixture.CountRowsOfUserAsync(_user));
    }
}

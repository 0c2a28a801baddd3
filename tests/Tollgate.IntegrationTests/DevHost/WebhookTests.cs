using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StandardWebhooks;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Signed webhooks: a valid Standard Webhooks delivery starts a run, a redelivery starts nothing new,
/// and anything unsigned, mis-signed or stale is refused before its payload is read.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class WebhookTests(DevHostFixture fixture)
{
    // Each test (a new instance) has its own user and text, so it counts only what its deliveries caused.
    private readonly string _user = OwnTraffic.Marker("hook");

    private string Text => $"A SaaS event asked for a summary. {_user}";

    private string Payload => JsonSerializer.Serialize(new { userId = _user, input = new { text = Text } });

    [Fact]
    public async Task ASignedDeliveryStartsARunAndItsRedeliveryStartsNothingNew()
    {
        string deliveryId = "msg_" + Guid.NewGuid().ToString("N");

        using HttpResponseMessage first = await DeliverAsync(deliveryId, DateTimeOffset.UtcNow, Payload);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        string runId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        JsonElement run = await fixture.WaitForRunAsync(runId);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(_user, run.GetProperty("userId").GetString());

        // The sender retries (e.g. it missed our 202): same id, fresh timestamp and signature.
        using HttpResponseMessage again = await DeliverAsync(deliveryId, DateTimeOffset.UtcNow, Payload);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(runId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString());
        Assert.Equal(1, fixture.Simulator.RequestsFor(Text));
        Assert.Equal(1, await fixture.CountInstancesMentioningAsync(_user));
    }

    [Fact]
    public async Task AWrongSignatureIs401AndChangesNothing()
    {
        var forger = new StandardWebhook("whsec_" + Convert.ToBase64String("not-the-shared-secret-at-all!!"u8));
        await AssertRefusedAsync(SignedRequest(forger, "msg_forged", DateTimeOffset.UtcNow, Payload), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AStaleTimestampIs401()
    {
        await AssertRefusedAsync(SignedRequest(Signer(), "msg_stale", DateTimeOffset.UtcNow.AddMinutes(-10), Payload), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATamperedPayloadIs401()
    {
        HttpRequestMessage request = SignedRequest(Signer(), "msg_tampered", DateTimeOffset.UtcNow, Payload);
        request.Content = new StringContent(Payload.Replace(_user + "\"", "someone-else\"", StringComparison.Ordinal), Encoding.UTF8, "application/json");
        await AssertRefusedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnUnsignedDeliveryIs401()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/summarize") { Content = new StringContent(Payload, Encoding.UTF8, "application/json") };
        await AssertRefusedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ASignedDeliveryWithABadPayloadIs400()
    {
        await AssertRefusedAsync(SignedRequest(Signer(), "msg_bad", DateTimeOffset.UtcNow, JsonSerializer.Serialize(new { userId = _user, input = new { } })), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ADeliveryForAnUnknownWorkflowIs404()
    {
        HttpRequestMessage request = SignedRequest(Signer(), "msg_unknown", DateTimeOffset.UtcNow, Payload);
        request.RequestUri = new Uri("api/webhooks/nope", UriKind.Relative);
        await AssertRefusedAsync(request, HttpStatusCode.NotFound);
    }

    private static StandardWebhook Signer() => new(DevHostFixture.WebhookSecret);

    private Task<HttpResponseMessage> DeliverAsync(string id, DateTimeOffset timestamp, string payload) =>
        fixture.Http.SendAsync(SignedRequest(Signer(), id, timestamp, payload));

    private static HttpRequestMessage SignedRequest(StandardWebhook signer, string id, DateTimeOffset timestamp, string payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/summarize") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signer.Sign(id, timestamp, payload));
        return request;
    }

    private async Task AssertRefusedAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        using (HttpResponseMessage response = await fixture.Http.SendAsync(request))
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0, await fixture.CountRowsOfUserAsync(_user));
        Assert.Equal(0, await fixture.CountInstancesMentioningAsync(_user));
        Assert.Equal(0, fixture.Simulator.RequestsFor(Text));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// The Standard Webhooks trigger that replaced <c>POST /api/webhooks/{workflow}</c> (payload still a run request, mapped
/// with <c>/input/text</c> and <c>/userId</c>): a valid delivery starts a run, a redelivery starts nothing new, and
/// anything unsigned, mis-signed or stale is refused before its payload is read.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class StandardWebhooksTriggerTests(DevHostFixture fixture)
{
    // Each test (a new instance) has its own user and text, so it counts only what its deliveries caused.
    private readonly string _user = OwnTraffic.Marker("hook");

    private string Text => $"A SaaS event asked for a summary. {_user}";

    private string Payload => JsonSerializer.Serialize(new { userId = _user, input = new { text = Text } });

    private static HttpRequestMessage Signed(string id, DateTimeOffset timestamp, string payload, string? secret = null) =>
        TriggerDeliveries.StandardWebhook(DevHostFixture.WebhookTrigger, secret ?? DevHostFixture.WebhookSecret, id, timestamp, payload);

    [Fact]
    public async Task ASignedDeliveryStartsARunAndItsRedeliveryStartsNothingNew()
    {
        string deliveryId = "msg_" + Guid.NewGuid().ToString("N");

        using HttpResponseMessage first = await fixture.Http.SendAsync(Signed(deliveryId, DateTimeOffset.UtcNow, Payload));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        string runId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        JsonElement run = await fixture.WaitForRunAsync(runId);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(_user, run.GetProperty("userId").GetString());

        // The sender retries (e.g. it missed our 202): same id, fresh timestamp and signature.
        using HttpResponseMessage again = await fixture.Http.SendAsync(Signed(deliveryId, DateTimeOffset.UtcNow, Payload));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(runId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString());
        Assert.Equal(1, fixture.Simulator.RequestsFor(Text));
        Assert.Equal(1, await fixture.CountInstancesMentioningAsync(_user));
    }

    [Fact]
    public async Task AWrongSignatureIs401AndChangesNothing() =>
        await AssertRefusedAsync(Signed("msg_forged", DateTimeOffset.UtcNow, Payload, "whsec_" + Convert.ToBase64String("not-the-shared-secret-at-all!!"u8)), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task StaleAndFutureTimestampsAre401()
    {
        await AssertRefusedAsync(Signed("msg_stale", DateTimeOffset.UtcNow.AddMinutes(-10), Payload), HttpStatusCode.Unauthorized);
        await AssertRefusedAsync(Signed("msg_future", DateTimeOffset.UtcNow.AddMinutes(10), Payload), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATamperedPayloadIs401()
    {
        HttpRequestMessage request = Signed("msg_tampered", DateTimeOffset.UtcNow, Payload);
        request.Content = new StringContent(Payload.Replace(_user + "\"", "someone-else\"", StringComparison.Ordinal), Encoding.UTF8, "application/json");
        await AssertRefusedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnUnsignedDeliveryIs401()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{DevHostFixture.WebhookTrigger}") { Content = new StringContent(Payload, Encoding.UTF8, "application/json") };
        await AssertRefusedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ASignedDeliveryThatMapsToNoInputIs422()
    {
        await AssertRefusedAsync(Signed("msg_bad", DateTimeOffset.UtcNow, JsonSerializer.Serialize(new { userId = _user, input = new { } })), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ASignedDeliveryThatIsNotJsonIs400()
    {
        await AssertRefusedAsync(Signed("msg_garbage", DateTimeOffset.UtcNow, "{\"userId\": \"" + _user + "\", "), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ADeliveryToAnUnknownTriggerIs404()
    {
        HttpRequestMessage request = Signed("msg_unknown", DateTimeOffset.UtcNow, Payload);
        request.RequestUri = new Uri("api/triggers/nope", UriKind.Relative);
        await AssertRefusedAsync(request, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheRetiredWebhookRouteIsGone()
    {
        HttpRequestMessage request = Signed("msg_old_route", DateTimeOffset.UtcNow, Payload);
        request.RequestUri = new Uri("api/webhooks/summarize", UriKind.Relative);
        using (request)
        using (HttpResponseMessage response = await fixture.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(0, await fixture.CountRowsOfUserAsync(_user));
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

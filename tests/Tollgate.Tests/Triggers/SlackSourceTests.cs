using System.Text;
using System.Text.Json;
using Tollgate.Triggers;

namespace Tollgate.Tests.Triggers;

/// <summary>Slack's X-Slack-Signature, checked against the example request of Slack's "Verifying requests from Slack".</summary>
public sealed class SlackSourceTests
{
    private const string DocsSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocsTimestamp = "1531420618";
    private const string DocsBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string DocsSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private readonly SlackSource _source = new();

    private TriggerSignature Verify(string body, string[] secrets, DateTimeOffset now, string signature = DocsSignature, string timestamp = DocsTimestamp) =>
        _source.Verify(Encoding.UTF8.GetBytes(body), TriggerTestHeaders.Of((SlackSource.SignatureHeader, signature), (SlackSource.TimestampHeader, timestamp)), secrets, now);

    [Fact]
    public void SlacksPublishedExampleVerifies() => Assert.True(Verify(DocsBody, [DocsSecret], SentAt.AddSeconds(30)).Valid);

    [Fact]
    public void TheSecondOfTwoSecretsVerifies() => Assert.True(Verify(DocsBody, ["a-retired-slack-signing-secret", DocsSecret], SentAt).Valid);

    [Fact]
    public void ATamperedBodyOrAWrongSecretIsRefused()
    {
        Assert.False(Verify(DocsBody.Replace("roadrunner", "coyote", StringComparison.Ordinal), [DocsSecret], SentAt).Valid);
        Assert.False(Verify(DocsBody, ["8f742231b10e8888abcd99yyyzzz85a6"], SentAt).Valid);
        // The timestamp is signed too: the same signature under another timestamp is not valid.
        Assert.False(Verify(DocsBody, [DocsSecret], SentAt, timestamp: "1531420619").Valid);
    }

    [Fact]
    public void StaleAndFutureTimestampsAreRefused()
    {
        TriggerSignature stale = Verify(DocsBody, [DocsSecret], SentAt.AddMinutes(5).AddSeconds(1));
        TriggerSignature future = Verify(DocsBody, [DocsSecret], SentAt.AddMinutes(-5).AddSeconds(-1));

        Assert.False(stale.Valid);
        Assert.Contains("old", stale.Reason, StringComparison.Ordinal);
        Assert.False(future.Valid);
        Assert.Contains("future", future.Reason, StringComparison.Ordinal);
        Assert.True(Verify(DocsBody, [DocsSecret], SentAt.AddMinutes(5)).Valid); // the window's edge is inside
    }

    [Theory]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", DocsTimestamp)]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", DocsTimestamp)]
    [InlineData(DocsSignature, "not-a-time")]
    [InlineData(DocsSignature, "-1531420618")]
    [InlineData(DocsSignature, "1531420618.5")]
    public void GarbageHeadersAreRefused(string signature, string timestamp) =>
        Assert.False(Verify(DocsBody, [DocsSecret], SentAt, signature, timestamp).Valid);

    [Fact]
    public void UrlVerificationIsAnsweredWithItsChallengeAndRetriesAreRecognised()
    {
        using JsonDocument challenge = JsonDocument.Parse("""{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");
        using JsonDocument callback = JsonDocument.Parse("""{"type":"event_callback","event_id":"Ev08MFMKH6","event":{"type":"app_mention","text":"hi"}}""");

        TriggerEvent handshake = _source.Read(challenge.RootElement, TriggerTestHeaders.Of());
        TriggerEvent first = _source.Read(callback.RootElement, TriggerTestHeaders.Of());
        TriggerEvent retry = _source.Read(callback.RootElement, TriggerTestHeaders.Of((SlackSource.RetryHeader, "1")));

        Assert.Equal("""{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}""", JsonSerializer.Serialize(handshake.Answer));
        Assert.Equal(("Ev08MFMKH6", "app_mention", false), (first.DeliveryId, first.Name, first.Redelivery));
        Assert.Equal(("Ev08MFMKH6", true), (retry.DeliveryId, retry.Redelivery));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Triggers;

namespace Tollgate.Tests.Triggers;

/// <summary>
/// Stripe-Signature. Stripe publishes no fixed test vector, so the expected signature is computed here from its
/// documented scheme (hex HMAC-SHA256 of "{t}.{body}", keyed with the whole whsec_ secret), independently of the source.
/// </summary>
public sealed class StripeSourceTests
{
    private const string Secret = "whsec_test_5WbX5kEWLBkMfBhjeNpvZ1gS2x9LVa3e";
    private const string Body = """{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"customer.created"}""";

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly StripeSource _source = new();

    private static string V1(string secret, DateTimeOffset at, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{at.ToUnixTimeSeconds()}.{body}")));

    private static string T(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private TriggerSignature Verify(string header, DateTimeOffset now, string body = Body, params string[] secrets) =>
        _source.Verify(Encoding.UTF8.GetBytes(body), TriggerTestHeaders.Of((StripeSource.SignatureHeader, header)), secrets.Length == 0 ? [Secret] : secrets, now);

    [Fact]
    public void ASignatureComputedAsStripeDocumentsItVerifies() =>
        Assert.True(Verify($"t={T(SentAt)},v1={V1(Secret, SentAt, Body)},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39", SentAt.AddSeconds(10)).Valid);

    [Fact]
    public void AnyOfSeveralV1SignaturesAndAnyOfTwoSecretsVerify()
    {
        string other = V1("whsec_another_endpoint_secret_0000", SentAt, Body);

        Assert.True(Verify($"t={T(SentAt)},v1={other},v1={V1(Secret, SentAt, Body)}", SentAt).Valid);
        Assert.True(Verify($"t={T(SentAt)},v1={V1(Secret, SentAt, Body)}", SentAt, Body, "whsec_the_old_secret_being_rolled", Secret).Valid);
    }

    [Fact]
    public void TamperingAndWrongSecretsAreRefused()
    {
        string header = $"t={T(SentAt)},v1={V1(Secret, SentAt, Body)}";

        Assert.False(Verify(header, SentAt, Body.Replace("customer.created", "customer.deleted", StringComparison.Ordinal)).Valid);
        Assert.False(Verify(header, SentAt, Body, "whsec_a_different_secret_entirely").Valid);
        // The timestamp is signed: moving it forward to get past the window breaks the signature.
        Assert.False(Verify($"t={T(SentAt.AddSeconds(1))},v1={V1(Secret, SentAt, Body)}", SentAt).Valid);
    }

    [Fact]
    public void StaleAndFutureTimestampsBeyond300SecondsAreRefused()
    {
        string header = $"t={T(SentAt)},v1={V1(Secret, SentAt, Body)}";

        Assert.True(Verify(header, SentAt.AddSeconds(300)).Valid);
        Assert.False(Verify(header, SentAt.AddSeconds(301)).Valid);
        Assert.False(Verify(header, SentAt.AddSeconds(-301)).Valid);
    }

    [Theory]
    [InlineData("v1=abc")] // no timestamp
    [InlineData("t=1700000000")] // no v1
    [InlineData("t=1700000000,v0=abc")] // only the test-mode scheme
    [InlineData("t=1700000000,t=1700000000,v1=abc")] // two timestamps
    [InlineData("t=yesterday,v1=abc")]
    [InlineData("garbage")]
    [InlineData("t=1700000000,,v1=abc")]
    public void MalformedHeadersAreRefused(string header) => Assert.False(Verify(header, SentAt).Valid);

    [Fact]
    public void TheEventIdIsTheDeliveryIdAndItsTypeTheEvent()
    {
        using JsonDocument payload = JsonDocument.Parse(Body);
        using JsonDocument anonymous = JsonDocument.Parse("""{"type":"customer.created"}""");

        TriggerEvent delivery = _source.Read(payload.RootElement, TriggerTestHeaders.Of());

        Assert.Equal(("evt_1NG8Du2eZvKYlo2CUI79vXWy", "customer.created"), (delivery.DeliveryId, delivery.Name));
        Assert.Equal("id", _source.Read(anonymous.RootElement, TriggerTestHeaders.Of()).Missing);
    }
}

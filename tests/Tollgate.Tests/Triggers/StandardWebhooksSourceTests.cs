using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using Tollgate.Triggers;

namespace Tollgate.Tests.Triggers;

/// <summary>
/// Standard Webhooks, against the specification's example, with key rotation (every signature of the list, every
/// secret). The StandardWebhooks 1.1.2 package is referenced here only to prove why it was replaced.
/// </summary>
public sealed class StandardWebhooksSourceTests
{
    // The example every reference library of github.com/standard-webhooks/standard-webhooks signs (e.g. libraries/csharp,
    // WebhookTest.verifyWebhookSignWorks; the spec itself gives the scheme, not a worked example).
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string SpecTimestamp = "1614265330";
    private const string SpecPayload = """{"test": 2432232314}""";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    private readonly StandardWebhooksSource _source = new();

    private TriggerSignature Verify(string signatures, DateTimeOffset now, string payload = SpecPayload, string[]? secrets = null, string id = SpecId) =>
        _source.Verify(Encoding.UTF8.GetBytes(payload), Headers(id, SpecTimestamp, signatures), secrets ?? [SpecSecret], now);

    private static HeaderDictionary Headers(string id, string timestamp, string signatures) => TriggerTestHeaders.Of(
        (StandardWebhooksSource.IdHeader, id), (StandardWebhooksSource.TimestampHeader, timestamp), (StandardWebhooksSource.SignatureHeader, signatures));

    [Fact]
    public void TheSpecificationsExampleVerifies() => Assert.True(Verify(SpecSignature, SentAt).Valid);

    [Fact]
    public void TheValidSignatureMayBeAnyOfTheList()
    {
        const string Old = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=";

        Assert.True(Verify($"{Old} {SpecSignature}", SentAt).Valid);
        Assert.True(Verify($"{SpecSignature} {Old}", SentAt).Valid);
        Assert.True(Verify($"v1a,abc {Old} {SpecSignature}", SentAt).Valid); // another scheme in the list is skipped
    }

    [Fact]
    public void TheSecondOfTwoSecretsVerifies() =>
        Assert.True(Verify(SpecSignature, SentAt, secrets: ["whsec_" + Convert.ToBase64String(new byte[24]), SpecSecret]).Valid);

    [Fact]
    public void TamperingIsRefused()
    {
        Assert.False(Verify(SpecSignature, SentAt, payload: """{"test": 2432232315}""").Valid);
        Assert.False(Verify(SpecSignature, SentAt, id: "msg_another").Valid);
        Assert.False(Verify(SpecSignature, SentAt, secrets: ["whsec_" + Convert.ToBase64String(new byte[24])]).Valid);
        Assert.False(Verify("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE", SentAt).Valid); // truncated
        Assert.False(Verify("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", SentAt).Valid);
        Assert.False(Verify("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", SentAt).Valid);
    }

    [Fact]
    public void StaleAndFutureTimestampsAreRefused()
    {
        Assert.True(Verify(SpecSignature, SentAt.AddMinutes(5)).Valid);
        Assert.False(Verify(SpecSignature, SentAt.AddMinutes(5).AddSeconds(1)).Valid);
        Assert.False(Verify(SpecSignature, SentAt.AddMinutes(-5).AddSeconds(-1)).Valid);
    }

    [Fact]
    public void MissingAndRepeatedHeadersAreRefused()
    {
        byte[] body = Encoding.UTF8.GetBytes(SpecPayload);
        HeaderDictionary noId = TriggerTestHeaders.Of((StandardWebhooksSource.TimestampHeader, SpecTimestamp), (StandardWebhooksSource.SignatureHeader, SpecSignature));
        HeaderDictionary twoTimestamps = Headers(SpecId, SpecTimestamp, SpecSignature);
        twoTimestamps.Append(StandardWebhooksSource.TimestampHeader, SpecTimestamp);

        Assert.False(_source.Verify(body, noId, [SpecSecret], SentAt).Valid);
        Assert.False(_source.Verify(body, twoTimestamps, [SpecSecret], SentAt).Valid);
    }

    [Fact]
    public void TheStandardWebhooksPackageStopsAfterTheFirstSignatureOfTheList()
    {
        // The package reads the system clock, so this delivery is signed now. It carries the old key's signature first and
        // the current key's second, as a sender rotating keys does; the package refuses it, the source accepts it.
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string OldSecret = "whsec_c2Vjb25kLXJvdGF0ZWQtb3V0LWtleSE=";
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string signatures = $"{Sign(OldSecret, SpecId, timestamp, SpecPayload)} {Sign(Secret, SpecId, timestamp, SpecPayload)}";
        HeaderDictionary headers = Headers(SpecId, timestamp, signatures);

        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(Secret).Verify(SpecPayload, headers));
        new StandardWebhook(Secret).Verify(SpecPayload, Headers(SpecId, timestamp, Sign(Secret, SpecId, timestamp, SpecPayload))); // alone, it verifies
        Assert.True(_source.Verify(Encoding.UTF8.GetBytes(SpecPayload), headers, [Secret], now).Valid);
    }

    /// <summary>A v1 signature as the specification defines it, computed independently of the source.</summary>
    internal static string Sign(string secret, string id, string timestamp, string payload) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(StandardWebhooksSource.Key(secret)!, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{payload}")));
}

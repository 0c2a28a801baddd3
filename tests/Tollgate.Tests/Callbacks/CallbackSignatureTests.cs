using System.Globalization;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using Tollgate.Callbacks;

namespace Tollgate.Tests.Callbacks;

/// <summary>Our signature equals the spec's example and verifies with the StandardWebhooks library, an independent implementation.</summary>
public sealed class CallbackSignatureTests
{
    [Fact]
    public void TheSpecExampleSignsAsTheSpecSays() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            CallbackSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));

    [Fact]
    public void TheLibraryVerifiesOurSignatureAndRejectsATamperedBody()
    {
        string body = "{\"type\":\"run.completed\",\"data\":{\"runId\":\"r1\",\"note\":\"héllo\"}}";
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = "msg_tollgate_r1",
            ["webhook-timestamp"] = now.ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = CallbackSignature.Sign(CallbackTestSupport.Secret, "msg_tollgate_r1", now, body),
        };
        var verifier = new StandardWebhook(CallbackTestSupport.Secret);

        verifier.Verify(body, headers);
        Assert.ThrowsAny<Exception>(() => verifier.Verify(body.Replace("r1", "r2", StringComparison.Ordinal), headers));
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("whsec_c2hvcnQ=", false)]
    [InlineData("whsec_not base64!", false)]
    [InlineData("", false)]
    public void ASecretMustBeBase64OfSixteenBytesOrMore(string secret, bool usable) =>
        Assert.Equal(usable, CallbackSignature.IsUsableSecret(secret));
}

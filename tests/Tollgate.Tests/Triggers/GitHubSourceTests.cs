using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Triggers;

namespace Tollgate.Tests.Triggers;

/// <summary>GitHub's X-Hub-Signature-256, checked against GitHub's own published example, and what GitHub deliveries name.</summary>
public sealed class GitHubSourceTests
{
    // docs.github.com, "Validating webhook deliveries", "Testing the webhook payload validation".
    private const string DocsSecret = "It's a Secret to Everybody";
    private const string DocsPayload = "Hello, World!";
    private const string DocsSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddYears(56);

    private readonly GitHubSource _source = new();

    private TriggerSignature Verify(string body, string[] secrets, params (string, string)[] headers) =>
        _source.Verify(Encoding.UTF8.GetBytes(body), TriggerTestHeaders.Of(headers), secrets, Now);

    [Fact]
    public void GitHubsPublishedExampleVerifies() =>
        Assert.True(Verify(DocsPayload, [DocsSecret], (GitHubSource.SignatureHeader, DocsSignature)).Valid);

    [Fact]
    public void TheSecondOfTwoSecretsVerifies() =>
        Assert.True(Verify(DocsPayload, ["an-older-secret-being-retired", DocsSecret], (GitHubSource.SignatureHeader, DocsSignature)).Valid);

    [Fact]
    public void UpperCaseHexVerifies() =>
        Assert.True(Verify(DocsPayload, [DocsSecret], (GitHubSource.SignatureHeader, "sha256=" + DocsSignature[7..].ToUpperInvariant())).Valid);

    [Theory]
    [InlineData("Hello, World?", DocsSecret, DocsSignature)] // tampered body
    [InlineData(DocsPayload, "It's a Secret to Somebody", DocsSignature)] // wrong secret
    [InlineData(DocsPayload, DocsSecret, "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")] // another scheme
    [InlineData(DocsPayload, DocsSecret, "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")] // no prefix
    [InlineData(DocsPayload, DocsSecret, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")] // one digit short
    [InlineData(DocsPayload, DocsSecret, "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")] // not hex
    [InlineData(DocsPayload, DocsSecret, "sha256=")]
    public void AnythingElseIsRefused(string body, string secret, string signature) =>
        Assert.False(Verify(body, [secret], (GitHubSource.SignatureHeader, signature)).Valid);

    [Fact]
    public void AMissingOrRepeatedSignatureHeaderIsRefused()
    {
        TriggerSignature missing = Verify(DocsPayload, [DocsSecret]);
        TriggerSignature twice = Verify(DocsPayload, [DocsSecret], (GitHubSource.SignatureHeader, DocsSignature), (GitHubSource.SignatureHeader, DocsSignature));

        Assert.False(missing.Valid);
        Assert.Contains("missing", missing.Reason, StringComparison.Ordinal);
        Assert.False(twice.Valid);
        Assert.Contains("2 times", twice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRefusalNeverContainsTheSecret()
    {
        TriggerSignature refused = Verify("tampered", [DocsSecret], (GitHubSource.SignatureHeader, DocsSignature));

        Assert.DoesNotContain(DocsSecret, refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEventIsNamedWithItsActionAndPingIsAnswered()
    {
        using JsonDocument opened = JsonDocument.Parse("""{"action":"opened","issue":{}}""");
        using JsonDocument push = JsonDocument.Parse("""{"ref":"refs/heads/main"}""");

        TriggerEvent issue = _source.Read(opened.RootElement, TriggerTestHeaders.Of((GitHubSource.DeliveryHeader, "d-1"), (GitHubSource.EventHeader, "issues")));
        TriggerEvent pushed = _source.Read(push.RootElement, TriggerTestHeaders.Of((GitHubSource.DeliveryHeader, "d-2"), (GitHubSource.EventHeader, "push")));
        TriggerEvent ping = _source.Read(push.RootElement, TriggerTestHeaders.Of((GitHubSource.DeliveryHeader, "d-3"), (GitHubSource.EventHeader, "ping")));
        TriggerEvent anonymous = _source.Read(opened.RootElement, TriggerTestHeaders.Of((GitHubSource.EventHeader, "issues")));

        Assert.Equal(("d-1", "issues.opened"), (issue.DeliveryId, issue.Name));
        // The key is the signed body's hash, not the unsigned delivery header.
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("""{"action":"opened","issue":{}}"""))), issue.Key);
        Assert.Equal(issue.Key, _source.Read(opened.RootElement, TriggerTestHeaders.Of((GitHubSource.DeliveryHeader, "forged"), (GitHubSource.EventHeader, "issues"))).Key);
        Assert.Equal(("d-2", "push"), (pushed.DeliveryId, pushed.Name));
        Assert.NotNull(ping.Answer);
        Assert.Equal(GitHubSource.DeliveryHeader, anonymous.Missing);
    }

    /// <summary>A signature as GitHub computes it, for tests that build their own deliveries.</summary>
    internal static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

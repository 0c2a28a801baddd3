using System.Net;
using Tollgate.Callbacks;
using Tollgate.Intake;

namespace Tollgate.Tests.Callbacks;

/// <summary>
/// Callback URL validation: hostile and careless URLs get a 400 naming <c>callbackUrl</c> and why; IP literals in any
/// spelling System.Uri accepts are judged by the address they mean, without asking DNS.
/// </summary>
public sealed class CallbackTargetsTests
{
    private readonly CallbackTestSupport.FakeResolver _resolver = new();

    public CallbackTargetsTests()
    {
        _resolver.Names["receiver.example"] = [IPAddress.Parse("93.184.216.34")];
        _resolver.Names["internal.example"] = [IPAddress.Parse("10.0.0.5")];
        _resolver.Names["metadata.example"] = [IPAddress.Parse("169.254.169.254")];
        _resolver.Names["mixed.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("127.0.0.1")];
        _resolver.Names["localhost"] = [IPAddress.Loopback, IPAddress.IPv6Loopback];
    }

    private Task<Problem?> ValidateAsync(string url, CallbackOptions? options = null)
    {
        (Uri? parsed, string? problem) = CallbackTargets.Parse(url);
        return parsed is null
            ? Task.FromResult<Problem?>(Problems.InvalidField(CallbackTargets.Field, problem!))
            : Targets(options).ValidateAsync(parsed, CancellationToken.None);
    }

    private CallbackTargets Targets(CallbackOptions? options) => CallbackTestSupport.Targets(options ?? CallbackTestSupport.Options(), _resolver);

    private static string Why(Problem? problem)
    {
        Assert.NotNull(problem);
        Assert.Equal(400, problem.Status);
        Assert.NotNull(problem.Errors);
        return Assert.Single(problem.Errors[CallbackTargets.Field]);
    }

    [Theory]
    [InlineData("https://receiver.example/hooks/tollgate")]
    [InlineData("https://receiver.example:8443/hooks?token=abc")]
    [InlineData("https://93.184.216.34/")]
    [InlineData("https://[2001:4860:4860::8888]/")]
    public async Task APublicHttpsUrlIsAccepted(string url) => Assert.Null(await ValidateAsync(url));

    [Theory]
    [InlineData("not a url", "not an absolute")]
    [InlineData("/relative/path", "not an absolute")]
    [InlineData("ftp://receiver.example/", "not an absolute")]
    [InlineData("file:///etc/passwd", "not an absolute")]
    [InlineData("javascript:alert(1)", "not an absolute")]
    [InlineData("http://receiver.example/", "must be https")]
    [InlineData("http://127.0.0.1:8080/", "must be https")]
    [InlineData("https://user:pass@receiver.example/", "user-info")]
    [InlineData("https://10.0.0.5/", "10.0.0.5 is a private address")]
    [InlineData("https://internal.example/", "10.0.0.5 is a private address")]
    [InlineData("https://127.0.0.1/", "loopback")]
    [InlineData("https://localhost/", "loopback")]
    [InlineData("https://[::1]/", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://metadata.example/", "link-local")]
    [InlineData("https://2852039166/", "169.254.169.254 is a link-local")]
    [InlineData("https://0xA9FEA9FE/", "169.254.169.254 is a link-local")]
    [InlineData("https://0251.0376.0251.0376/", "169.254.169.254 is a link-local")]
    [InlineData("https://[::ffff:169.254.169.254]/", "link-local")]
    [InlineData("https://[::ffff:a9fe:a9fe]/", "link-local")]
    [InlineData("https://0/", "unspecified")]
    [InlineData("https://[::]/", "unspecified")]
    [InlineData("https://[fd00::1]/", "private")]
    [InlineData("https://mixed.example/", "127.0.0.1 is a loopback")]
    [InlineData("https://nowhere.example/", "does not resolve")]
    public async Task AHostileOrCarelessUrlIsRefusedSayingWhy(string url, string why) =>
        Assert.Contains(why, Why(await ValidateAsync(url)), StringComparison.Ordinal);

    [Fact]
    public async Task AnOverLongUrlIsRefusedBeforeAnythingIsResolved()
    {
        string url = "https://receiver.example/" + new string('a', CallbackTargets.MaxLength);
        Assert.Contains("at most 2048", Why(await ValidateAsync(url)), StringComparison.Ordinal);
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task WithoutASecretEveryCallbackIsRefusedAsNotConfigured()
    {
        var options = new CallbackOptions();
        Assert.Contains("callbacks are not configured", Why(await ValidateAsync("https://receiver.example/", options)), StringComparison.Ordinal);
        var unresolved = new CallbackOptions { SigningSecret = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/callback-signing-secret)" };
        Assert.Contains("callbacks are not configured", Why(await ValidateAsync("https://receiver.example/", unresolved)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://localhost:5000/hook")]
    [InlineData("http://[::1]:5000/hook")]
    [InlineData("https://127.0.0.1:5000/hook")]
    public async Task TheDevHostSwitchAdmitsLoopbackOverHttp(string url) =>
        Assert.Null(await ValidateAsync(url, CallbackTestSupport.Options(loopback: true)));

    [Theory]
    [InlineData("http://receiver.example/", "must be https")]
    [InlineData("http://10.0.0.5/", "private")]
    [InlineData("https://10.0.0.5/", "private")]
    [InlineData("http://169.254.169.254/", "link-local")]
    public async Task TheDevHostSwitchAdmitsNothingElse(string url, string why) =>
        Assert.Contains(why, Why(await ValidateAsync(url, CallbackTestSupport.Options(loopback: true))), StringComparison.Ordinal);

    [Fact]
    public async Task AnAllowListedHostMayResolveInternallyMatchedExactlyAndCaseInsensitively()
    {
        CallbackOptions options = CallbackTestSupport.Options(false, "Internal.Example");
        Assert.Null(await ValidateAsync("https://internal.example/hook", options));
        Assert.Null(await ValidateAsync("https://INTERNAL.example/hook", options));
        // Exact names: a subdomain is not admitted by its parent.
        _resolver.Names["a.internal.example"] = [IPAddress.Parse("10.0.0.6")];
        Assert.Contains("private", Why(await ValidateAsync("https://a.internal.example/hook", options)), StringComparison.Ordinal);
        // Allow-listed still needs https, and never reaches link-local.
        Assert.Contains("must be https", Why(await ValidateAsync("http://internal.example/hook", options)), StringComparison.Ordinal);
        Assert.Contains("link-local", Why(await ValidateAsync("https://metadata.example/", CallbackTestSupport.Options(false, "metadata.example"))),
            StringComparison.Ordinal);
    }

    [Fact]
    public void TheShownUrlDropsQueryAndFragment() =>
        Assert.Equal("https://receiver.example:8443/hooks/x", CallbackView.Display(new Uri("https://receiver.example:8443/hooks/x?token=secret#frag")));

    [Fact]
    public void TheRunCarriesTheScheduleButNotTheSecret()
    {
        CallbackOptions options = CallbackTestSupport.Options();
        options.MaxAttempts = 3;
        options.FirstRetryDelay = TimeSpan.FromSeconds(2);
        CallbackPlan plan = Targets(options).Plan(new Uri("https://receiver.example/"));
        Assert.Equal(new CallbackPlan(new Uri("https://receiver.example/"), 3, TimeSpan.FromSeconds(2)), plan);
        Assert.DoesNotContain(CallbackTestSupport.Secret, System.Text.Json.JsonSerializer.Serialize(plan), StringComparison.Ordinal);
    }
}

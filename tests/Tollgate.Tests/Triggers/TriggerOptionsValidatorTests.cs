using Microsoft.Extensions.Configuration;
using Tollgate.Triggers;

namespace Tollgate.Tests.Triggers;

/// <summary>A misconfigured trigger stops the app, naming the setting; a good one loads as written.</summary>
public sealed class TriggerOptionsValidatorTests
{
    private const string Prefix = "Tollgate:Triggers:github-issues:";

    private static Dictionary<string, string?> GitHub() => new()
    {
        [Prefix + "Kind"] = "GitHub",
        [Prefix + "Secrets:0"] = "a-github-webhook-secret-of-some-length",
        [Prefix + "Workflow"] = "classify",
        [Prefix + "Events"] = "issues.opened, issues.reopened",
        [Prefix + "Input:text:0"] = "/issue/title",
        [Prefix + "Input:text:1"] = "/issue/body",
        [Prefix + "User"] = "/repository/owner/login",
        [Prefix + "CallbackUrl"] = "https://example.com/hooks/classified",
    };

    private static (TriggerOptions Options, IReadOnlyList<string> Failures) Load(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new TriggerOptions();
        options.Load(configuration.GetSection(TriggerOptions.SectionName));
        var result = new TriggerOptionsValidator().Validate(null, options);
        return (options, result.Failed ? [.. result.Failures!] : []);
    }

    private static string Fails(Dictionary<string, string?> settings) => string.Join("\n", Load(settings).Failures);

    [Fact]
    public void AGoodTriggerLoadsAsWritten()
    {
        (TriggerOptions options, IReadOnlyList<string> failures) = Load(GitHub());

        Assert.Empty(failures);
        (string key, TriggerSettings trigger) = options.Find("github-issues")!.Value;
        Assert.Equal("github-issues", key);
        Assert.Equal(TriggerKind.GitHub, trigger.Kind);
        Assert.Equal(["issues.opened", "issues.reopened"], trigger.Events);
        Assert.Equal(["/issue/title", "/issue/body"], trigger.Input["text"]);
        Assert.Equal(new Uri("https://example.com/hooks/classified"), trigger.CallbackUrl);
    }

    [Fact]
    public void AnAppServiceNameWithUnderscoresServesTheHyphenatedRoute()
    {
        Dictionary<string, string?> settings = GitHub().ToDictionary(p => p.Key.Replace("github-issues", "github_issues", StringComparison.Ordinal), p => p.Value);

        (TriggerOptions options, IReadOnlyList<string> failures) = Load(settings);

        Assert.Empty(failures);
        Assert.Equal("github_issues", options.Find("github-issues")!.Value.Key);
        // Any spelling of the route finds the configured key, which scopes the delivery's idempotency key.
        Assert.Equal("github_issues", options.Find("GITHUB-Issues")!.Value.Key);
        Assert.Null(options.Find("github"));
    }

    [Fact]
    public void TwoSpellingsOfOneRouteAreRefused()
    {
        Dictionary<string, string?> settings = GitHub();
        foreach ((string key, string? value) in GitHub())
        {
            settings[key.Replace("github-issues", "github_issues", StringComparison.Ordinal)] = value;
        }

        Assert.Contains("are the same trigger", Fails(settings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kind", "GitLab", "Kind 'GitLab' is not a trigger kind")]
    [InlineData("Kind", "1", "Kind '1' is not a trigger kind")]
    [InlineData("Workflow", "clasify", "Workflow 'clasify' names no workflow")]
    [InlineData("Input:text:1", "issue/body", "Input:text 'issue/body' is not a JSON Pointer")]
    [InlineData("Input:subject", "/issue/title", "Input:subject is not a field of classify's input")]
    [InlineData("User", "repository.owner.login", "User 'repository.owner.login' is not a JSON Pointer")]
    [InlineData("UserId", "someone", " set one of User")]
    [InlineData("Secrets:0", "too-short", "Secrets:0 must be at least 16 characters")]
    [InlineData("Secrets:1", "another-secret-long-enough", null)]
    [InlineData("Secret", "a-github-webhook-secret", "Secret is not a trigger setting")]
    [InlineData("CallbackUrl", "/relative", "CallbackUrl must be an absolute http(s) URI")]
    [InlineData("Events", "", "Events is required")]
    public void EachMistakeNamesItsSetting(string setting, string value, string? failure)
    {
        Dictionary<string, string?> settings = GitHub();
        settings[Prefix + setting] = value;

        string failures = Fails(settings);

        if (failure is null)
        {
            Assert.Empty(failures);
        }
        else
        {
            Assert.Contains("Tollgate:Triggers:github-issues:" + failure, failures, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AThirdSecretIsRefused()
    {
        Dictionary<string, string?> settings = GitHub();
        settings[Prefix + "Secrets:1"] = "a-second-secret-long-enough";
        settings[Prefix + "Secrets:2"] = "a-third-secret-long-enough";

        Assert.Contains($"{Prefix}Secrets must hold one secret, or two while one is rotated (Secrets:0, Secrets:1), not 3.", Fails(settings), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnmappedRequiredInputFieldIsRefused()
    {
        Dictionary<string, string?> settings = GitHub();
        settings.Remove(Prefix + "Input:text:0");
        settings.Remove(Prefix + "Input:text:1");

        Assert.Contains($"{Prefix}Input:text is required", Fails(settings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StandardWebhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("StandardWebhooks", "whsec_c2hvcnQ=", false)] // 5 bytes
    [InlineData("StandardWebhooks", "whsec_not base64!", false)]
    [InlineData("Stripe", "whsec_5WbX5kEWLBkMfBhjeNpvZ1gS2x9LVa3e", true)]
    [InlineData("Stripe", "sk_live_not_a_webhook_secret_at_all", false)]
    [InlineData("Slack", "8f742231b10e8888abcd99yyyzzz85a5", true)]
    [InlineData("Slack", "  8f742231b10e8888abcd99yyyzzz85a5", false)]
    [InlineData("GitHub", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/trigger-github-issues-0)", true)]
    public void SecretsHaveTheShapeTheirKindUses(string kind, string secret, bool accepted)
    {
        Dictionary<string, string?> settings = GitHub();
        settings[Prefix + "Kind"] = kind;
        settings[Prefix + "Secrets:0"] = secret;

        string failures = Fails(settings);

        Assert.Equal(accepted, !failures.Contains("Secrets:0", StringComparison.Ordinal));
        Assert.DoesNotContain(secret.Trim(), failures, StringComparison.Ordinal);
    }
}

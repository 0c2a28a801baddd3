using System.Text.Json.Nodes;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests;

/// <summary>bicep lint, with infra/bicepconfig.json raising the rules that matter to errors.</summary>
public sealed class BicepLintTests
{
    /// <summary>Rules whose findings would be a security or deployability defect, not a matter of style.</summary>
    public static TheoryData<string> RulesThatMustBeErrors =>
    [
        "outputs-should-not-contain-secrets",
        "secure-secrets-in-params",
        "secure-parameter-default",
        "use-secure-value-for-secure-inputs",
        "protect-commandtoexecute-secrets",
        "no-hardcoded-env-urls",
        "no-hardcoded-location",
        "explicit-values-for-loc-params",
        "no-unused-params",
        "no-unused-vars",
        "no-unused-existing-resources",
        "use-resource-symbol-reference",
        "use-stable-resource-identifiers",
        "what-if-short-circuiting",
    ];

    [Fact]
    public void Main_bicep_lints_clean()
    {
        ProcessResult result = BicepCli.Run("lint", Repository.MainBicep);

        Assert.True(result.ExitCode == 0 && result.Output.Length == 0, $"bicep lint infra/main.bicep ({result.ExitCode}):\n{result.Output}");
    }

    [Theory]
    [MemberData(nameof(RulesThatMustBeErrors))]
    public void Bicepconfig_raises_the_rule_to_error(string rule)
    {
        JsonNode config = JsonNode.Parse(Repository.Read("infra", "bicepconfig.json"))!;
        Assert.True(config.Bool("analyzers.core.enabled") ?? true);
        Assert.Equal("error", config.At("analyzers.core.rules")?[rule].Str("level"));
    }

    [Fact]
    public void Lint_fails_on_a_secret_in_an_output()
    {
        // Proves the configuration is in force: the same finding is only a warning by default.
        string dir = Directory.CreateTempSubdirectory("tollgate-lint-").FullName;
        try
        {
            File.Copy(Path.Combine(Repository.Infra, "bicepconfig.json"), Path.Combine(dir, "bicepconfig.json"));
            string file = Path.Combine(dir, "leak.bicep");
            File.WriteAllText(file, """
                param storageName string
                resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
                  name: storageName
                }
                output key string = storage.listKeys().keys[0].value
                """);

            ProcessResult result = BicepCli.Run("lint", file);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("Error outputs-should-not-contain-secrets", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

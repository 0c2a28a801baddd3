using System.Text.Json.Nodes;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>.github/workflows/azure-dev.yml: build and test, then azd provision and deploy with OIDC and no stored secret.</summary>
public sealed class GitHubWorkflowTests
{
    private static readonly string Text = Repository.Read(".github", "workflows", "azure-dev.yml");
    private static readonly JsonNode Workflow = Yaml.Parse(Text)!;

    private static IEnumerable<string> Runs(string job) =>
        Workflow.At($"jobs.{job}.steps")!.AsArray().Select(step => step.Str("run")).OfType<string>();

    [Fact]
    public void Builds_and_tests_before_deploying()
    {
        Assert.Contains(Runs("build"), run => run.StartsWith("dotnet build", StringComparison.Ordinal));
        Assert.Contains(Runs("build"), run => run.Contains("scripts/test.sh", StringComparison.Ordinal));
        Assert.Equal("build", Workflow.Str("jobs.deploy.needs"));
    }

    [Fact]
    public void Deploys_with_azd_after_signing_in_with_a_federated_credential()
    {
        Assert.Equal("write", Workflow.Str("jobs.deploy.permissions.id-token"));
        Assert.Contains(Runs("deploy"), run => run.Contains("azd auth login", StringComparison.Ordinal)
            && run.Contains("--federated-credential-provider github", StringComparison.Ordinal));
        Assert.Equal(["azd provision --no-prompt", "azd deploy --no-prompt"], Runs("deploy").Where(run => run.StartsWith("azd ", StringComparison.Ordinal)
            && !run.StartsWith("azd auth", StringComparison.Ordinal)));
        foreach (string variable in new[] { "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID", "AZURE_ENV_NAME", "AZURE_LOCATION" })
        {
            Assert.Equal($"${{{{ vars.{variable} }}}}", Workflow.Str($"jobs.deploy.env.{variable}"));
        }

        Assert.Equal("ServicePrincipal", Workflow.Str("jobs.deploy.env.AZURE_PRINCIPAL_TYPE"));
    }

    [Theory]
    [InlineData("secrets.")]
    [InlineData("client-secret")]
    [InlineData("AZURE_CREDENTIALS")]
    [InlineData("publish-profile")]
    public void Stores_no_credential(string fragment) => Assert.DoesNotContain(fragment, Text, StringComparison.OrdinalIgnoreCase);
}

using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>docs/deployment.md names every setting, role, table, queue and secret the template creates.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed class DeploymentDocsTests(CompiledTemplate template)
{
    private static readonly string Docs = Repository.Read("docs", "deployment.md");

    public static TheoryData<string> AppSettings => [.. Expected.AppSettings];

    [Theory]
    [MemberData(nameof(AppSettings))]
    public void Docs_explain_every_app_setting(string setting)
    {
        // Catalog settings are documented once for both entries: Tollgate__Models__Deployments__{primary,fallback}__Kind.
        string grouped = Expected.ModelCatalogEntries.Aggregate(setting, (name, entry) =>
            name.Replace($"__{entry}__", "__{primary,fallback}__", StringComparison.Ordinal));
        Assert.True(Docs.Contains($"`{setting}`", StringComparison.Ordinal) || Docs.Contains($"`{grouped}`", StringComparison.Ordinal),
            $"docs/deployment.md does not explain {setting}.");
    }

    [Theory]
    [InlineData("Storage Blob Data Owner")]
    [InlineData("Storage Queue Data Contributor")]
    [InlineData("Storage Table Data Contributor")]
    [InlineData("Monitoring Metrics Publisher")]
    [InlineData("Cognitive Services OpenAI User")]
    [InlineData("Key Vault Secrets User")]
    [InlineData("Key Vault Secrets Officer")]
    public void Docs_explain_every_role(string role) => Assert.Contains($"| {role} |", Docs, StringComparison.Ordinal);

    [Fact]
    public void Docs_name_the_tables_queues_and_secrets()
    {
        Assert.All([.. Expected.Tables, .. Expected.Queues], name => Assert.Contains($"`{name}`", Docs, StringComparison.Ordinal));
        foreach ((string _, System.Text.Json.Nodes.JsonNode? secret) in template.Root.At("variables.signingSecretNames")!.AsObject())
        {
            Assert.Contains($"--name {secret}", Docs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Docs_list_every_output()
    {
        foreach ((string output, _) in template.Root["outputs"]!.AsObject())
        {
            Assert.Contains($"`{output}`", Docs, StringComparison.Ordinal);
        }
    }
}

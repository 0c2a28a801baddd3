using System.Text.RegularExpressions;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>docs/deployment.md names every setting, role, table, queue and secret the template creates.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed partial class DeploymentDocsTests(CompiledTemplate template)
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
        // How a trigger's signing secret is set and rotated: a Key Vault secret named in the triggers parameter.
        Assert.NotNull(template.Root.At($"parameters.{Expected.TriggersParameter}"));
        Assert.All(["az keyvault secret set", "secretNames", "Secrets__0", "Secrets__1", "rotat"],
            fragment => Assert.Contains(fragment, Docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Docs_list_every_output()
    {
        foreach ((string output, _) in template.Root["outputs"]!.AsObject())
        {
            Assert.Contains($"`{output}`", Docs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_ends_with_the_deploy_section_and_its_commands()
    {
        string readme = Repository.Read("README.md");
        string section = readme[readme.LastIndexOf("\n## ", StringComparison.Ordinal)..];

        Assert.StartsWith("\n## Deploy to Azure\n", section, StringComparison.Ordinal);
        Assert.All(["azd auth login", "azd up", "azd down --purge", "docs/deployment.md", "az keyvault secret set", "/api/triggers/",
            "AZURE_KEY_VAULT_NAME", "az functionapp restart", "az functionapp keys list", "az functionapp function keys list"],
            fragment => Assert.Contains(fragment, section, StringComparison.Ordinal));
    }

    [Fact]
    public void Function_names_in_the_docs_are_functions_of_the_app()
    {
        string functions = string.Join('\n', Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "Tollgate.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        string[] named = [.. new[] { "README.md", Path.Combine("docs", "deployment.md") }
            .SelectMany(path => FunctionNameArgument().Matches(Repository.Read(path)).Select(match => match.Groups[1].Value))];

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.True(
            functions.Contains($"[Function(nameof({name}))]", StringComparison.Ordinal) || functions.Contains($"[Function(\"{name}\")]", StringComparison.Ordinal),
            $"The docs name function {name}, which src/Tollgate.Functions does not define."));
    }

    [GeneratedRegex(@"--function-name ([A-Za-z0-9_]+)")]
    private static partial Regex FunctionNameArgument();
}

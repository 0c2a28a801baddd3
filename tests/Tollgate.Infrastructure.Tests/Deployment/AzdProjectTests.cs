using System.Text.Json.Nodes;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>azure.yaml: the service azd deploys, and the hook it runs after provisioning.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed class AzdProjectTests(CompiledTemplate template)
{
    private static readonly JsonNode AzureYaml = Yaml.Parse(File.ReadAllText(Repository.AzureYaml))!;

    [Fact]
    public void Azure_yaml_declares_the_function_app_service()
    {
        JsonObject services = AzureYaml["services"]!.AsObject();
        (string key, JsonNode? service) = Assert.Single(services);
        Assert.Equal(Expected.ServiceName, key);
        Assert.Equal("function", service.Str("host"));
        Assert.Equal("dotnet", service.Str("language"));
        Assert.Equal("./src/Tollgate.Functions", service.Str("project"));
        Assert.True(File.Exists(Path.Combine(Repository.Root, "src", "Tollgate.Functions", "Tollgate.Functions.csproj")));
        Assert.Equal("infra", AzureYaml.Str("infra.path"));
        Assert.Equal("main", AzureYaml.Str("infra.module"));
    }

    [Fact]
    public void Service_key_equals_the_azd_service_name_tag()
    {
        string key = Assert.Single(AzureYaml["services"]!.AsObject()).Key;
        Assert.Equal(key, template.Root.Str("variables.serviceName"));
        Assert.Equal("[variables('serviceName')]", template.ModuleParameter("function-app", "serviceName")!.ToString());
        JsonObject site = template.OfType("Microsoft.Web/sites").Single();
        Assert.Equal("[union(parameters('tags'), createObject('azd-service-name', parameters('serviceName')))]", site.Str("tags"));
    }

    [Theory]
    [InlineData("posix", "sh", "./scripts/hooks/postprovision.sh")]
    [InlineData("windows", "pwsh", "./scripts/hooks/postprovision.ps1")]
    public void Post_provision_hook_runs_on_every_platform(string platform, string shell, string script)
    {
        JsonNode? hook = AzureYaml.At($"hooks.postprovision.{platform}");
        Assert.Equal(shell, hook.Str("shell"));
        Assert.Equal(script, hook.Str("run"));
        Assert.True(File.Exists(Path.Combine(Repository.Root, script)), $"{script} is missing.");
    }

    [Theory]
    [InlineData("postprovision.sh")]
    [InlineData("postprovision.ps1")]
    public void Hooks_read_the_local_settings_output_of_main_bicep(string script)
    {
        Assert.NotNull(template.Root.At("outputs.TOLLGATE_LOCAL_SETTINGS"));
        string text = File.ReadAllText(Path.Combine(Repository.Hooks, script));
        Assert.Contains("TOLLGATE_LOCAL_SETTINGS", text, StringComparison.Ordinal);
        Assert.Contains("local.settings.json", text, StringComparison.Ordinal);
    }
}

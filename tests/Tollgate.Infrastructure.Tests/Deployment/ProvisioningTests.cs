using System.Globalization;
using System.Text.Json.Nodes;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>The shape azd expects of infra/: scope, parameters, tags, names, outputs.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed class ProvisioningTests(CompiledTemplate template)
{
    [Fact]
    public void Main_deploys_at_subscription_scope_into_its_own_resource_group()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", template.Root.Str("$schema"), StringComparison.Ordinal);
        JsonObject resourceGroup = template.OfType("Microsoft.Resources/resourceGroups").Single();
        Assert.Equal("[variables('tags')]", resourceGroup.Str("tags"));
        foreach (JsonObject module in CompiledTemplate.ResourcesOf(template.Root, recursive: false).Where(r => r.Str("type") == "Microsoft.Resources/deployments"))
        {
            Assert.Equal(resourceGroup.Str("name"), module.Str("resourceGroup"));
        }
    }

    [Fact]
    public void Modules_are_local_files()
    {
        // Registry modules (br:, br/public:) and template specs (ts:) cannot be restored offline.
        foreach (string file in Directory.EnumerateFiles(Repository.Infra, "*.bicep", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            foreach (string prefix in new[] { "'br:", "'br/", "'ts:", "'ts/" })
            {
                Assert.False(text.Contains(prefix, StringComparison.Ordinal), $"{Path.GetRelativePath(Repository.Root, file)} references a registry module ({prefix}…).");
            }
        }
    }

    [Fact]
    public void Parameters_file_maps_the_azd_environment()
    {
        JsonObject parameters = JsonNode.Parse(Repository.Read("infra", "main.parameters.json"))!["parameters"]!.AsObject();
        Assert.Equal("${AZURE_ENV_NAME}", parameters.Str("environmentName.value"));
        Assert.Equal("${AZURE_LOCATION}", parameters.Str("location.value"));
        Assert.Equal("${AZURE_PRINCIPAL_ID}", parameters.Str("principalId.value"));
        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", parameters.Str("principalType.value"));

        JsonObject declared = template.Root["parameters"]!.AsObject();
        Assert.All(parameters, pair => Assert.True(declared.ContainsKey(pair.Key), $"main.parameters.json sets {pair.Key}, which main.bicep does not declare."));
        Assert.All(declared.Where(pair => pair.Value!["defaultValue"] is null),
            pair => Assert.True(parameters.ContainsKey(pair.Key), $"main.bicep parameter {pair.Key} has no default and no value in main.parameters.json: azd would prompt for it."));
    }

    [Fact]
    public void Every_resource_carries_the_azd_env_name_tag()
    {
        Assert.Equal("[parameters('environmentName')]", template.Root.Str("variables.tags.azd-env-name"));
        foreach (JsonObject module in CompiledTemplate.ResourcesOf(template.Root, recursive: false).Where(r => r.Str("type") == "Microsoft.Resources/deployments"))
        {
            JsonObject moduleTemplate = module.At("properties.template")!.AsObject();
            if (moduleTemplate.At("parameters.tags") is null)
            {
                continue;
            }

            Assert.Equal("[variables('tags')]", module.Str("properties.parameters.tags.value"));
            // Every tracked resource (one with a location) in the module is tagged.
            foreach (JsonObject resource in CompiledTemplate.ResourcesOf(moduleTemplate, recursive: false).Where(r => r["location"] is not null))
            {
                Assert.Contains("parameters('tags')", resource.Str("tags") ?? "", StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Resource_names_derive_from_the_resource_token()
    {
        Assert.Equal("[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]", template.Root.Str("variables.resourceToken"));
        foreach ((string key, JsonNode? value) in template.Root.At("variables.names")!.AsObject())
        {
            Assert.Contains("variables('resourceToken')", value!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Storage_creates_the_tables_and_queues_the_app_uses()
    {
        Assert.Equal(Expected.Tables, template.Root.At("variables.storageTables")!.AsArray().Select(node => node!.ToString()));
        Assert.Equal(Expected.Queues, template.Root.At("variables.storageQueues")!.AsArray().Select(node => node!.ToString()));
        Assert.Equal("[variables('storageTables')]", template.ModuleParameter("storage", "tables")!.ToString());
        Assert.Equal("[variables('storageQueues')]", template.ModuleParameter("storage", "queues")!.ToString());
        Assert.Equal("[length(parameters('tables'))]", template.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Single().Str("copy.count"));
        Assert.Equal("[length(parameters('queues'))]", template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Single().Str("copy.count"));
    }

    [Fact]
    public void Model_deployments_are_created_one_at_a_time()
    {
        JsonObject deployments = template.OfType("Microsoft.CognitiveServices/accounts/deployments").Single();
        Assert.Equal("serial", deployments.Str("copy.mode"));
        Assert.Equal(1, deployments.At("copy.batchSize")!.GetValue<int>());
        Assert.Equal(["[parameters('primaryModel')]", "[parameters('fallbackModel')]"],
            template.ModuleParameter("openai", "deployments")!.AsArray().Select(node => node!.ToString()));
    }

    [Theory]
    [InlineData("primaryModel")]
    [InlineData("fallbackModel")]
    public void Model_parameters_name_the_model_version_capacity_and_decimal_prices(string parameter)
    {
        JsonNode model = template.Root.At($"parameters.{parameter}.defaultValue")!;
        Assert.False(string.IsNullOrEmpty(model.Str("model")));
        Assert.False(string.IsNullOrEmpty(model.Str("version")));
        Assert.True(model["capacity"]!.GetValue<int>() > 0);
        Assert.True(model["contextWindow"]!.GetValue<int>() > 0);
        foreach (string price in new[] { "inputPricePerMillion", "cachedInputPricePerMillion", "outputPricePerMillion" })
        {
            Assert.True(decimal.TryParse(model.Str(price), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) && value >= 0,
                $"{parameter}.{price} must be a non-negative decimal string, is {model[price]?.ToJsonString()}.");
        }
    }

    [Fact]
    public void Primary_and_fallback_are_different_models()
    {
        Assert.NotEqual(template.Root.Str("parameters.primaryModel.defaultValue.model"), template.Root.Str("parameters.fallbackModel.defaultValue.model"));
        decimal Price(string parameter) => decimal.Parse(template.Root.Str($"parameters.{parameter}.defaultValue.outputPricePerMillion")!, CultureInfo.InvariantCulture);
        Assert.True(Price("fallbackModel") < Price("primaryModel"), "The fallback should be the cheaper model.");
    }

    [Fact]
    public void Outputs_cover_what_azd_and_the_hook_read()
    {
        string[] required =
        [
            "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "SERVICE_API_NAME", "SERVICE_API_URI",
            "AZURE_MANAGED_IDENTITY_CLIENT_ID", "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_STORAGE_TABLE_ENDPOINT", "AZURE_OPENAI_ENDPOINT",
            "AZURE_OPENAI_DEPLOYMENTS", "AZURE_KEY_VAULT_NAME", "AZURE_KEY_VAULT_URI", "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "TASK_HUB_NAME", "TOLLGATE_LOCAL_SETTINGS",
        ];
        JsonObject outputs = template.Root["outputs"]!.AsObject();
        Assert.All(required, name => Assert.True(outputs.ContainsKey(name), $"main.bicep has no output {name}."));
        Assert.DoesNotContain(outputs, pair => pair.Value.Str("type") is "securestring" or "secureObject");
    }
}

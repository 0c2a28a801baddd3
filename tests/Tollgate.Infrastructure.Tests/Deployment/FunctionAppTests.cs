using System.Text.Json.Nodes;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>The function app: Flex Consumption hosting and the exact settings the app reads.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed class FunctionAppTests(CompiledTemplate template)
{
    private const string FunctionAppModule = "function-app";

    private JsonObject AppSettings => template.ModuleParameter(FunctionAppModule, "appSettings")!.AsObject();

    private string Setting(string name) =>
        AppSettings[name] is JsonValue value ? value.ToString() : throw new Xunit.Sdk.XunitException($"App setting {name} is missing.");

    private JsonObject Site => template.OfType("Microsoft.Web/sites").Single();

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_Flex_Consumption()
    {
        JsonObject plan = template.OfType("Microsoft.Web/serverfarms").Single();
        Assert.Equal("FC1", plan.Str("sku.name"));
        Assert.Equal("FlexConsumption", plan.Str("sku.tier"));
        Assert.True(plan.Bool("properties.reserved"), "A Flex Consumption plan is Linux (reserved: true).");

        Assert.Equal("functionapp,linux", Site.Str("kind"));
        Assert.Equal("dotnet-isolated", Site.Str("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", template.ModuleTemplate(FunctionAppModule).Str("parameters.runtimeVersion.defaultValue"));
        Assert.Null(template.ModuleParameter(FunctionAppModule, "runtimeVersion"));
        Assert.NotNull(Site.At("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        Assert.NotNull(Site.At("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"));
    }

    [Fact]
    public void Deployment_package_is_pulled_with_the_user_assigned_identity()
    {
        JsonNode? storage = Site.At("properties.functionAppConfig.deployment.storage");
        Assert.Equal("blobContainer", storage.Str("type"));
        Assert.Equal("UserAssignedIdentity", storage.Str("authentication.type"));
        Assert.Equal("[parameters('identityId')]", storage.Str("authentication.userAssignedIdentityResourceId"));
        Assert.Equal("[parameters('identityId')]", Site.Str("properties.keyVaultReferenceIdentity"));
        Assert.Equal("[reference('storage').outputs.blobEndpoint.value]", template.ModuleParameter(FunctionAppModule, "storageBlobEndpoint")!.ToString());
        Assert.Equal("[variables('names').deploymentContainer]", template.ModuleParameter("storage", "deploymentContainerName")!.ToString());
        Assert.Equal("[variables('names').deploymentContainer]", template.ModuleParameter(FunctionAppModule, "deploymentContainerName")!.ToString());
    }

    [Fact]
    public void App_settings_are_exactly_the_settings_the_app_reads()
    {
        Assert.Equal(Expected.AppSettings.Order(StringComparer.Ordinal), AppSettings.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        // Flex Consumption takes the runtime from functionAppConfig and refuses these settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", AppSettings.Select(pair => pair.Key));
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", AppSettings.Select(pair => pair.Key));
        JsonObject config = template.OfType("Microsoft.Web/sites/config").Single();
        Assert.EndsWith("'appsettings')]", config.Str("name"), StringComparison.Ordinal);
        Assert.Equal("[union(parameters('appSettings'), parameters('triggerSettings'))]", config.Str("properties"));
    }

    [Fact]
    public void Host_storage_and_task_hub_use_the_user_assigned_identity()
    {
        Assert.DoesNotContain("AzureWebJobsStorage", AppSettings.Select(pair => pair.Key));
        Assert.Equal("[reference('storage').outputs.name.value]", Setting("AzureWebJobsStorage__accountName"));
        Assert.Equal("managedidentity", Setting("AzureWebJobsStorage__credential"));
        Assert.Equal("[reference('identity').outputs.clientId.value]", Setting("AzureWebJobsStorage__clientId"));
        Assert.Equal("[reference('identity').outputs.clientId.value]", Setting("AZURE_CLIENT_ID"));
        Assert.Equal("[parameters('taskHubName')]", Setting("TaskHubName"));
        Assert.Equal("tollgate", template.Root.Str("parameters.taskHubName.defaultValue"));
    }

    [Fact]
    public void Application_Insights_accepts_telemetry_only_with_Entra_ID()
    {
        Assert.Equal("[reference('monitoring').outputs.applicationInsightsConnectionString.value]", Setting("APPLICATIONINSIGHTS_CONNECTION_STRING"));
        Assert.Equal("[format('ClientId={0};Authorization=AAD', reference('identity').outputs.clientId.value)]", Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        // The component's own connection string (not a key: ingestion needs the Entra ID token above).
        string output = template.ModuleTemplate("monitoring").Str("outputs.applicationInsightsConnectionString.value")!;
        Assert.Contains("'Microsoft.Insights/components'", output, StringComparison.Ordinal);
        Assert.EndsWith(".ConnectionString]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trigger_secrets_are_Key_Vault_references_built_from_the_triggers_parameter()
    {
        // The one literal secret setting is the callback signing secret (below); the triggers' settings come from the
        // triggers parameter (none by default), each signing secret a Key Vault reference to a secret the operator sets.
        Assert.Equal([Expected.CallbackSigningSecretSetting],
            AppSettings.Where(pair => pair.Value!.ToString().Contains("@Microsoft.KeyVault", StringComparison.Ordinal)).Select(pair => pair.Key));
        Assert.DoesNotContain(AppSettings, pair => pair.Key.Contains("Webhooks", StringComparison.OrdinalIgnoreCase)
            || pair.Key.Contains("Triggers", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("array", template.Root.Str($"parameters.{Expected.TriggersParameter}.type"));
        Assert.Empty(template.Root.At($"parameters.{Expected.TriggersParameter}.defaultValue")!.AsArray());

        Assert.Equal("[union(variables('triggerAppSettings'), variables('jobAppSettings'))]",
            template.ModuleParameter(FunctionAppModule, "triggerSettings")!.ToString());
        string triggers = template.Root.Str("variables.triggerAppSettings")!;
        Assert.Contains("parameters('triggers')", triggers, StringComparison.Ordinal);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0}secrets/{1})', variables('triggerKeyVaultUri')", triggers, StringComparison.Ordinal);
        Assert.Equal("[format('https://{0}{1}/', variables('names').keyVault, environment().suffixes.keyvaultDns)]", template.Root.Str("variables.triggerKeyVaultUri"));
        foreach (string setting in new[] { "Kind", "Workflow", "Events__{1}", "User", "UserId", "CallbackUrl", "Secrets__{1}", "Input__{1}__{2}" })
        {
            Assert.Contains($"__{setting}", triggers, StringComparison.Ordinal);
        }

        // Jobs: every setting a job binds (JobSettings), from the jobs parameter (none by default), with no secret.
        Assert.Empty(template.Root.At("parameters.jobs.defaultValue")!.AsArray());
        string jobs = template.Root.Str("variables.jobAppSettings")!;
        Assert.Contains("parameters('jobs')", jobs, StringComparison.Ordinal);
        Assert.DoesNotContain("KeyVault", jobs, StringComparison.Ordinal);
        foreach (string setting in typeof(Tollgate.Jobs.JobSettings).GetProperties().Select(p => p.Name))
        {
            Assert.Contains($"Tollgate__Jobs__{{0}}__{setting}", jobs, StringComparison.Ordinal);
        }

        Assert.Equal("[union(parameters('appSettings'), parameters('triggerSettings'))]", template.OfType("Microsoft.Web/sites/config").Single().Str("properties"));
    }

    [Fact]
    public void Callback_signing_secret_is_a_Key_Vault_reference_and_unresolved_leaves_callbacks_off()
    {
        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', reference('keyVault').outputs.uri.value, variables('callbackSigningSecretName'))]",
            Setting(Expected.CallbackSigningSecretSetting));
        Assert.Equal(Expected.CallbackSigningSecretName, template.Root.Str("variables.callbackSigningSecretName"));
        string unresolved = new ArmExpression(template.Root, new Dictionary<string, string> { ["keyVault.uri"] = "https://kv-example.vault.azure.net/" })
            .Evaluate(Setting(Expected.CallbackSigningSecretSetting));
        Assert.Equal("@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/callback-signing-secret)", unresolved);
        Assert.False(new Tollgate.Callbacks.CallbackOptions { SigningSecret = unresolved }.IsConfigured);
        Assert.Equal("6", Setting("Tollgate__Callbacks__MaxAttempts"));
        Assert.Equal("00:00:10", Setting("Tollgate__Callbacks__FirstRetryDelay"));
        Assert.Equal("00:00:10", Setting("Tollgate__Callbacks__Timeout"));
    }

    [Fact]
    public void Model_catalog_points_at_the_OpenAI_account_deployments()
    {
        Assert.Equal("primary", Setting("Tollgate__Models__DefaultDeployment"));
        foreach (string entry in Expected.ModelCatalogEntries)
        {
            string prefix = $"Tollgate__Models__Deployments__{entry}__";
            string parameter = $"{entry}Model";
            Assert.Equal("AzureOpenAI", Setting(prefix + "Kind"));
            Assert.Equal("[reference('openAi').outputs.endpoint.value]", Setting(prefix + "Endpoint"));
            Assert.Equal($"[parameters('{parameter}').model]", Setting(prefix + "Deployment"));
            Assert.Equal($"[parameters('{parameter}').inputPricePerMillion]", Setting(prefix + "InputPricePerMillion"));
            Assert.Equal($"[parameters('{parameter}').cachedInputPricePerMillion]", Setting(prefix + "CachedInputPricePerMillion"));
            Assert.Equal($"[parameters('{parameter}').outputPricePerMillion]", Setting(prefix + "OutputPricePerMillion"));
            Assert.Equal($"[string(parameters('{parameter}').contextWindow)]", Setting(prefix + "ContextWindow"));
        }

        // primary falls back to the cheaper fallback deployment, which ends the chain.
        Assert.Equal("fallback", Setting("Tollgate__Models__Deployments__primary__Fallback"));
        Assert.Equal("", Setting("Tollgate__Models__Deployments__fallback__Fallback"));
    }

    [Fact]
    public void Tables_intake_and_budget_settings_are_set()
    {
        Assert.Equal("[reference('storage').outputs.tableEndpoint.value]", Setting("Tollgate__Storage__TableServiceUri"));
        Assert.Equal("262144", Setting("Tollgate__Intake__MaxBodyBytes"));
        Assert.Equal("4194304", Setting("Tollgate__Intake__MaxItemsBodyBytes"));
        Assert.Equal("[parameters('defaultMonthlyBudget')]", Setting("Tollgate__Budgets__DefaultMonthlyLimit"));
        string budget = template.Root.Str("parameters.defaultMonthlyBudget.defaultValue")!;
        Assert.True(decimal.TryParse(budget, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out decimal limit) && limit >= 0,
            $"defaultMonthlyBudget must default to a non-negative decimal string, is '{budget}'.");
    }

    [Fact]
    public void Local_settings_output_carries_the_same_Tollgate_settings_without_secrets()
    {
        JsonObject local = template.Root.At("outputs.TOLLGATE_LOCAL_SETTINGS.value")!.AsObject();
        Assert.Equal("object", template.Root.Str("outputs.TOLLGATE_LOCAL_SETTINGS.type"));
        foreach ((string name, JsonNode? value) in AppSettings.Where(pair => pair.Key.StartsWith("Tollgate__", StringComparison.Ordinal)))
        {
            if (name is Expected.CallbackSigningSecretSetting)
            {
                Assert.False(local.ContainsKey(name), $"{name} must not be written to local.settings.json.");
                continue;
            }

            Assert.True(JsonNode.DeepEquals(value, local[name]), $"Local setting {name} differs from the app's: {local[name]?.ToJsonString() ?? "missing"}.");
        }

        // A local host keeps its own host state (Azurite) and its own tables, so it never takes the app's work.
        Assert.Equal("UseDevelopmentStorage=true", local.Str("AzureWebJobsStorage"));
        Assert.Equal("dotnet-isolated", local.Str("FUNCTIONS_WORKER_RUNTIME"));
        Assert.Equal("local", local.Str("Tollgate__Storage__TablePrefix"));
    }
}

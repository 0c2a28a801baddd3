namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>What the app and azd rely on; a change here is a change of contract with src/ or azd.</summary>
internal static class Expected
{
    public const string ServiceName = "api";

    public static readonly string[] Tables = ["Runs", "Budgets", "ResponseCache", "RolloutRuns", "JobItems"];

    public static readonly string[] Queues = ["workflow-requests", "workflow-requests-poison"];

    public static readonly string[] ModelCatalogEntries = ["primary", "fallback"];

    public static readonly string[] ModelSettings =
        ["Kind", "Endpoint", "Deployment", "InputPricePerMillion", "CachedInputPricePerMillion", "OutputPricePerMillion", "ContextWindow", "Fallback"];

    /// <summary>The Bicep parameter that declares SaaS triggers; none by default, so no trigger setting is in <see cref="AppSettings"/>.</summary>
    public const string TriggersParameter = "triggers";

    /// <summary>The result-callback signing secret the app reads (CallbackOptions.SigningSecret).</summary>
    public const string CallbackSigningSecretSetting = "Tollgate__Callbacks__SigningSecret";

    /// <summary>Its Key Vault secret; the operator sets it after provisioning.</summary>
    public const string CallbackSigningSecretName = "callback-signing-secret";

    /// <summary>Every app setting of the function app, and nothing else.</summary>
    public static IEnumerable<string> AppSettings =>
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "TaskHubName",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Tollgate__Storage__TableServiceUri",
        "Tollgate__Models__DefaultDeployment",
        .. ModelCatalogEntries.SelectMany(entry => ModelSettings.Select(setting => $"Tollgate__Models__Deployments__{entry}__{setting}")),
        "Tollgate__Intake__MaxBodyBytes",
        "Tollgate__Intake__MaxItemsBodyBytes",
        "Tollgate__Budgets__DefaultMonthlyLimit",
        "Tollgate__Cache__StaleRetention",
        CallbackSigningSecretSetting,
        "Tollgate__Callbacks__MaxAttempts",
        "Tollgate__Callbacks__FirstRetryDelay",
        "Tollgate__Callbacks__Timeout",
    ];

    /// <summary>Built-in role definition ids.</summary>
    public static class Roles
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
        public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
        public const string CognitiveServicesOpenAIUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";
        public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    }
}

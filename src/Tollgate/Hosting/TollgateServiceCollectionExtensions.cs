using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Budgets;
using Tollgate.Caching;
using Tollgate.Callbacks;
using Tollgate.Intake;
using Tollgate.Jobs;
using Tollgate.Models;
using Tollgate.Prompts;
using Tollgate.Rollouts;
using Tollgate.Runs;
using Tollgate.Storage;
using Tollgate.Triggers;
using Tollgate.Trimming;
using Tollgate.Workflows;

namespace Tollgate.Hosting;

public static class TollgateServiceCollectionExtensions
{
    /// <summary>
    /// Every configuration section Tollgate binds, with the options type bound to it. Tests use this
    /// list to prove that each setting in local.settings.sample.json and in the Bicep app settings is read.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Type> OptionsSections = new Dictionary<string, Type>
    {
        [StorageOptions.SectionName] = typeof(StorageOptions),
        [ModelOptions.SectionName] = typeof(ModelOptions),
        [IntakeOptions.SectionName] = typeof(IntakeOptions),
        [BudgetOptions.SectionName] = typeof(BudgetOptions),
        [ResponseCacheOptions.SectionName] = typeof(ResponseCacheOptions),
        [RolloutOptions.SectionName] = typeof(RolloutOptions),
        [CallbackOptions.SectionName] = typeof(CallbackOptions),
        [TriggerOptions.SectionName] = typeof(TriggerOptions),
        [JobOptions.SectionName] = typeof(JobOptions),
    };

    /// <summary>
    /// Everything Tollgate's handlers and activities need, bound from the <c>Tollgate</c> section and
    /// validated when the host starts, so a misconfigured app fails at start-up, not on its first run.
    /// Both hosts (Functions and the DevHost) call exactly this.
    /// </summary>
    public static IServiceCollection AddTollgate(this IServiceCollection services)
    {
        // Reads and checks every prompt file and every workflow (names, steps, prompts, a strict schema for every
        // structured output type) now: a broken one stops the app at start-up, not at its first run.
        LoadCatalogs();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrEmpty(o.ConnectionString) || o.TableServiceUri is { IsAbsoluteUri: true },
                "Set Tollgate:Storage:ConnectionString (local) or Tollgate:Storage:TableServiceUri (Azure, managed identity).")
            .ValidateOnStart();
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>();
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Signed result callbacks: bound and checked at start-up. CallbackOptions.AllowLoopbackHttp has no public setter, so no
        // setting can turn it on; only the DevHost does, in code.
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallbackOptions>, CallbackOptionsValidator>();
        services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton<CallbackTargets>();
        services.AddSingleton<CallbackSender>();
        services.AddSingleton<CallbackDelivery>();

        services.AddOptions<WorkflowOptions>().Configure<IConfiguration>((options, configuration) => options.Load(configuration)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>();
        services.AddSingleton<WorkflowStarts>();

        services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.SectionName)
            .Validate(o => o.DefaultMonthlyLimit >= 0, "Tollgate:Budgets:DefaultMonthlyLimit cannot be negative.")
            .ValidateOnStart();

        services.AddOptions<ResponseCacheOptions>().BindConfiguration(ResponseCacheOptions.SectionName)
            .Validate(o => o.StaleRetention >= TimeSpan.Zero && o.StaleRetention <= ResponseCacheOptions.MaxStaleRetention,
                "Tollgate:Cache:StaleRetention must be between 00:00:00 and 365.00:00:00.")
            .ValidateOnStart();
        // Rollouts: read through IOptionsMonitor, which rebuilds them when the configuration reloads (a changed percentage
        // applies to the next call), and checked against the workflow and model catalogs at start-up and on every reload.
        // A key no setting takes (a misspelt Percentage) stops the app.
        services.AddOptions<RolloutOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Load(configuration.GetSection(RolloutOptions.SectionName)))
            .ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<RolloutOptions>>(provider =>
            new ConfigurationChangeTokenSource<RolloutOptions>(provider.GetRequiredService<IConfiguration>().GetSection(RolloutOptions.SectionName)));
        services.AddSingleton<IValidateOptions<RolloutOptions>, RolloutOptionsValidator>();
        services.AddSingleton<RolloutCatalog>();
        services.AddSingleton<RolloutAssigner>();
        services.AddSingleton<RolloutRouter>();
        services.AddSingleton<RolloutRunStore>();
        services.AddSingleton<GetRolloutHandler>();
        // Triggers: read strictly (a misspelt key stops the app) and checked against the workflow catalog at start-up and on
        // every reload; a reload that fails keeps the last valid triggers.
        services.AddOptions<TriggerOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Load(configuration.GetSection(TriggerOptions.SectionName)))
            .ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<TriggerOptions>>(provider =>
            new ConfigurationChangeTokenSource<TriggerOptions>(provider.GetRequiredService<IConfiguration>().GetSection(TriggerOptions.SectionName)));
        services.AddSingleton<IValidateOptions<TriggerOptions>, TriggerOptionsValidator>();
        services.AddSingleton<ITriggerSource, GitHubSource>();
        services.AddSingleton<ITriggerSource, StripeSource>();
        services.AddSingleton<ITriggerSource, SlackSource>();
        services.AddSingleton<ITriggerSource, StandardWebhooksSource>();
        services.AddSingleton<TriggerHandler>();

        // Enrichment jobs: a bad schedule, an unknown workflow or a bad user stops the app, naming the setting.
        services.AddOptions<JobOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Load(configuration.GetSection(JobOptions.SectionName)))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobOptions>, JobOptionsValidator>();
        services.AddSingleton<JobItemStore>();
        services.AddSingleton<JobItemRunner>();
        services.AddSingleton<JobLauncher>();
        services.AddSingleton<JobScheduler>();
        services.AddSingleton<AddJobItemsHandler>();
        services.AddSingleton<StartJobRunHandler>();
        services.AddSingleton<GetJobRunHandler>();

        services.TryAddSingleton(TimeProvider.System);
        // AZURE_CLIENT_ID selects the user-assigned identity in Azure; locally the developer's sign-in is used.
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton<TollgateTables>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<RecordedReplay>();
        services.AddSingleton<BudgetLedger>();
        services.AddSingleton<ReservationSweeper>();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<ChatClientFactory>();
        services.AddSingleton<DeploymentCircuits>();
        services.AddSingleton<DeploymentLatencies>();
        services.AddSingleton<ContextTrimmer>();
        services.AddSingleton<ModelGateway>();
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<ResponseCacheSweeper>();
        services.AddSingleton<StaleAnswers>();
        services.AddSingleton<RunLauncher>();
        services.AddSingleton<StartRunHandler>();
        services.AddSingleton<GetRunHandler>();
        services.AddSingleton<ReplayRunHandler>();
        services.AddSingleton<QueueRunHandler>();
        services.AddSingleton<GetBudgetHandler>();
        return services;
    }

    /// <summary>
    /// Loads the static catalogs, throwing what was wrong with them rather than the runtime's "type initializer threw"
    /// wrapper, so the start-up error names the file, workflow, step, type or member.
    /// </summary>
    private static void LoadCatalogs()
    {
        try
        {
            _ = PromptCatalog.All;
            _ = WorkflowCatalog.All;
        }
        catch (TypeInitializationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
        }
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Budgets;
using Tollgate.Hosting;
using Tollgate.Infrastructure.Tests.Support;
using Tollgate.Models;
using Tollgate.Storage;
using Tollgate.Triggers;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>
/// The settings the Bicep gives the function app (and the local settings output), evaluated with the
/// parameters' defaults and sample module outputs, run through the app's own start-up validation
/// (<c>AddTollgate</c>, <c>ValidateOnStart</c>): a deployment whose values the app refuses would never start.
/// </summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed class AppStartUpTests(CompiledTemplate template)
{
    public const string FunctionApp = "function app settings";
    public const string LocalSettings = "TOLLGATE_LOCAL_SETTINGS output";

    private const string TableEndpoint = "https://stexample.table.core.windows.net/";
    private const string OpenAiEndpoint = "https://oai-example.openai.azure.com/";
    private const string VaultUri = "https://kv-example.vault.azure.net/";

    /// <summary>What the modules output once deployed, in the shape Azure returns.</summary>
    private static readonly Dictionary<string, string> ModuleOutputs = new()
    {
        ["storage.name"] = "stexample",
        ["storage.tableEndpoint"] = TableEndpoint,
        ["identity.clientId"] = "00000000-0000-0000-0000-000000000001",
        ["monitoring.applicationInsightsConnectionString"] = "InstrumentationKey=00000000-0000-0000-0000-000000000002;IngestionEndpoint=https://example.in.applicationinsights.azure.com/",
        ["openAi.endpoint"] = OpenAiEndpoint,
        ["keyVault.uri"] = VaultUri,
    };

    public static TheoryData<string> Sources => [FunctionApp, LocalSettings];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Settings_pass_the_apps_start_up_validation(string source)
    {
        IConfiguration configuration = Configuration(source);
        using ServiceProvider services = new ServiceCollection().AddSingleton(configuration).AddTollgate().BuildServiceProvider();

        Exception? failure = Record.Exception(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"The app would not start with the {source}: {failure?.Message}");
        ModelOptions models = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        Assert.Equal(["fallback", "primary"], models.Deployments.Keys.Order(StringComparer.Ordinal));
        Assert.All(models.Deployments.Values, deployment =>
        {
            Assert.Equal(new Uri(OpenAiEndpoint), deployment.Endpoint);
            Assert.Equal(ModelEndpointKind.AzureOpenAI, deployment.Kind);
            Assert.Null(deployment.ApiKey); // managed identity
            Assert.True(deployment.OutputPricePerMillion > 0, "Deployed models carry their real prices.");
        });
        Assert.Equal(new Uri(TableEndpoint), services.GetRequiredService<IOptions<StorageOptions>>().Value.TableServiceUri);
        Assert.Equal(5.00m, services.GetRequiredService<IOptions<BudgetOptions>>().Value.DefaultMonthlyLimit);
        Assert.Empty(services.GetRequiredService<IOptions<TriggerOptions>>().Value); // none until the triggers parameter declares one
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Settings_bind_strictly_to_the_options_types(string source)
    {
        // ErrorOnUnknownConfiguration: a key under a section that no property takes fails the binding.
        IConfiguration configuration = Configuration(source);
        foreach ((string section, Type type) in TollgateServiceCollectionExtensions.OptionsSections)
        {
            Exception? failure = Record.Exception(() => configuration.GetSection(section).Get(type, options => options.ErrorOnUnknownConfiguration = true));
            Assert.True(failure is null, $"{section} from the {source}: {failure?.Message}");
        }

        Assert.All(configuration.GetSection("Tollgate").GetChildren(),
            child => Assert.Contains(child.Path, TollgateServiceCollectionExtensions.OptionsSections.Keys));
    }

    [Fact]
    public void A_fallback_the_catalog_does_not_have_stops_the_app()
    {
        // Guards the test above: the validation it relies on does refuse a broken catalog.
        var settings = Evaluated(FunctionApp);
        settings["Tollgate:Models:Deployments:primary:Fallback"] = "missing";
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).AddTollgate().BuildServiceProvider();

        // The workflow options' validator reads the model catalog too (to price each step's smallest call), so the
        // broken catalog can fail both validators: the start-up validator then throws them together.
        Exception error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());
        IReadOnlyList<Exception> failures = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.All(failures, failure =>
            Assert.Contains("Fallback 'missing'", Assert.IsType<OptionsValidationException>(failure).Message, StringComparison.Ordinal));
    }

    private IConfiguration Configuration(string source) =>
        new ConfigurationBuilder().AddInMemoryCollection(Evaluated(source)).Build();

    /// <summary>The source's settings as the host presents them: <c>__</c> becomes <c>:</c>, expressions evaluated.</summary>
    private Dictionary<string, string?> Evaluated(string source)
    {
        IEnumerable<KeyValuePair<string, JsonNode?>> settings = source switch
        {
            FunctionApp => template.FunctionAppSettings(),
            LocalSettings => template.Root.At("outputs.TOLLGATE_LOCAL_SETTINGS.value")!.AsObject(),
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
        var expression = new ArmExpression(template.Root, ModuleOutputs);
        return settings.ToDictionary(
            pair => OptionsKeys.FromEnvironmentStyle(pair.Key),
            pair => (string?)expression.Evaluate(pair.Value is JsonValue value && value.TryGetValue(out string? text) ? text : pair.Value?.ToJsonString() ?? ""),
            StringComparer.OrdinalIgnoreCase);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Hosting;
using Tollgate.Intake;
using Tollgate.Models;
using Tollgate.Storage;
using Tollgate.Tests.Support;

namespace Tollgate.Tests.Configuration;

/// <summary>
/// host.json and local.settings.sample.json are read by the Functions host, not by the compiler:
/// a typo in either fails silently at run time. These tests read them as the host would.
/// </summary>
public sealed class HostSettingsTests
{
    /// <summary>The values of host.json's telemetryMode the Functions host accepts.</summary>
    private static readonly string[] TelemetryModes = ["OpenTelemetry", "ApplicationInsights"];

    private static readonly JsonDocumentOptions HostJsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static JsonElement HostJson()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("host.json")), HostJsonOptions);
        return document.RootElement.Clone();
    }

    private static Dictionary<string, string?> SampleValues()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The sample's Values as the Functions host presents them: environment variables, <c>__</c> meaning <c>:</c>.</summary>
    private static IConfiguration SampleConfiguration() => FromEnvironmentStyle(SampleValues());

    private static IConfiguration FromEnvironmentStyle(IReadOnlyDictionary<string, string?> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), v.Value)))
            .Build();

    private static string At(JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            Assert.True(element.TryGetProperty(name, out element), $"host.json has no {string.Join('.', path)}.");
        }

        return element.ToString();
    }

    [Fact]
    public void TheTaskHubIsNamedByAnAppSettingThatTheSampleDefines()
    {
        // Named by a setting, so each environment gets its own hub; the local host must be able to resolve it.
        string hubName = At(HostJson(), "extensions", "durableTask", "hubName");

        Assert.Matches("^%[A-Za-z0-9_]+%$", hubName);
        string setting = hubName.Trim('%');
        Assert.True(SampleValues().TryGetValue(setting, out string? hub) && !string.IsNullOrEmpty(hub),
            $"local.settings.sample.json must define {setting}, or the local host starts with an unresolved hub name.");
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hub);
    }

    [Fact]
    public void TheHttpRoutePrefixIsTheOneTheLibraryAndTheDevHostUse()
    {
        Assert.Equal(IntakeRoutes.Prefix, At(HostJson(), "extensions", "http", "routePrefix"));
    }

    [Fact]
    public void PoisonQueueMessagesAreBoundedByAMaxDequeueCount()
    {
        string value = At(HostJson(), "extensions", "queues", "maxDequeueCount");

        Assert.True(int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out int count) && count >= 1,
            $"extensions.queues.maxDequeueCount must be a positive integer, not '{value}'.");
    }

    [Fact]
    public void TheTelemetryModeIsOneTheHostKnows()
    {
        // The schema copy predates telemetryMode (ConfigurationSchemaTests strips it), so a misspelt value
        // would only show as missing telemetry in Azure.
        Assert.Contains(At(HostJson(), "telemetryMode"), TelemetryModes);
    }

    [Fact]
    public void TheSampleRunsTheIsolatedWorkerOnLocalStorage()
    {
        Dictionary<string, string?> values = SampleValues();

        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.False(string.IsNullOrEmpty(values["AzureWebJobsStorage"]));
    }

    [Fact]
    public void EverySampleTollgateKeyBindsToARealOptionsProperty()
    {
        IConfiguration configuration = SampleConfiguration();
        IReadOnlyDictionary<string, Type> sections = TollgateServiceCollectionExtensions.OptionsSections;

        // Keys in a section no options type reads would be ignored silently.
        IEnumerable<IConfigurationSection> tollgate = configuration.GetSection("Tollgate").GetChildren();
        Assert.All(tollgate, section => Assert.Contains(section.Path, sections.Keys));
        // A section of named entries (Tollgate:Rollouts) is absent when the sample configures none of them.
        Assert.All(sections.Where(section => !IsNamedEntries(section.Value)), section => Assert.NotNull(
            configuration.GetSection(section.Key).Get(section.Value, o => o.ErrorOnUnknownConfiguration = true)));

        StorageOptions? storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>(o => o.ErrorOnUnknownConfiguration = true);
        ModelOptions? models = configuration.GetSection(ModelOptions.SectionName).Get<ModelOptions>(o => o.ErrorOnUnknownConfiguration = true);
        IntakeOptions? intake = configuration.GetSection(IntakeOptions.SectionName).Get<IntakeOptions>(o => o.ErrorOnUnknownConfiguration = true);

        Assert.NotNull(storage);
        Assert.NotNull(models);
        Assert.NotNull(intake);
        Assert.Equal(SampleValues()["Tollgate__Storage__ConnectionString"], storage.ConnectionString);
        Assert.Equal(int.Parse(SampleValues()["Tollgate__Intake__MaxBodyBytes"]!, System.Globalization.CultureInfo.InvariantCulture), intake.MaxBodyBytes);
        ModelDeploymentOptions primary = Assert.Contains(models.DefaultDeployment, models.Deployments);
        Assert.NotNull(primary.Endpoint);
        Assert.True(primary.OutputPricePerMillion > 0, "The sample deployment should carry its real prices.");
    }

    [Fact]
    public void AMisspelledKeyIsCaughtByTheStrictBinding()
    {
        // The check above is only worth something if a typo fails it.
        Dictionary<string, string?> values = SampleValues();
        values["Tollgate__Models__Deployments__primary__OutputPricePerMilion"] = "0.60";

        IConfiguration configuration = FromEnvironmentStyle(values);

        Assert.Throws<InvalidOperationException>(() =>
            configuration.GetSection(ModelOptions.SectionName).Get<ModelOptions>(o => o.ErrorOnUnknownConfiguration = true));
    }

    [Fact]
    public void TheSampleSettingsPassStartUpValidation()
    {
        // What AddTollgate validates when the host starts (ValidateOnStart): the sample must start.
        IConfiguration configuration = SampleConfiguration();
        using ServiceProvider services = new ServiceCollection().AddSingleton(configuration).AddTollgate().BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(configuration["Tollgate:Storage:ConnectionString"], services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
        Assert.Contains(services.GetRequiredService<IOptions<ModelOptions>>().Value.DefaultDeployment,
            services.GetRequiredService<IOptions<ModelOptions>>().Value.Deployments);
    }

    [Fact]
    public void DeploymentKeysInEnvironmentVariablesAreMatchedWithoutRegardToCase()
    {
        // Configuration keys are case-insensitive; an app setting spelled ...__Deployments__Primary__...
        // must still satisfy DefaultDeployment=primary.
        Dictionary<string, string?> values = SampleValues()
            .ToDictionary(v => v.Key.Replace("__primary__", "__Primary__", StringComparison.Ordinal), v => v.Value, StringComparer.OrdinalIgnoreCase);
        IConfiguration configuration = FromEnvironmentStyle(values);
        using ServiceProvider services = new ServiceCollection().AddSingleton(configuration).AddTollgate().BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();

        ModelOptions models = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        Assert.True(models.Deployments.ContainsKey("primary"));
    }

    private static bool IsNamedEntries(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
}

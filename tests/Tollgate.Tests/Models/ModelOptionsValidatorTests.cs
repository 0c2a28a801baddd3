using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Hosting;
using Tollgate.Models;

namespace Tollgate.Tests.Models;

public sealed class ModelOptionsValidatorTests
{
    private static readonly ModelOptionsValidator Validator = new();

    private static ModelDeploymentOptions AzureDeployment() => new()
    {
        Kind = ModelEndpointKind.AzureOpenAI,
        Endpoint = new Uri("https://example.openai.azure.com/"),
        Deployment = "gpt-4o-mini",
        InputPricePerMillion = 0.15m,
        CachedInputPricePerMillion = 0.075m,
        OutputPricePerMillion = 0.60m,
    };

    private static ModelOptions Catalog(Action<ModelDeploymentOptions>? change = null, string defaultDeployment = "primary")
    {
        ModelDeploymentOptions deployment = AzureDeployment();
        change?.Invoke(deployment);
        return new ModelOptions { DefaultDeployment = defaultDeployment, Deployments = { ["primary"] = deployment } };
    }

    private static void AssertFails(ModelOptions options, string expectedFragment)
    {
        ValidateOptionsResult result = Validator.Validate(Options.DefaultName, options);

        Assert.True(result.Failed, $"Expected a failure mentioning '{expectedFragment}'.");
        Assert.Contains(result.Failures!, f => f.Contains(expectedFragment, StringComparison.Ordinal));
    }

    private static void AssertSucceeds(ModelOptions options)
    {
        ValidateOptionsResult result = Validator.Validate(Options.DefaultName, options);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }

    [Fact]
    public void AnAzureDeploymentOverHttpsWithManagedIdentityIsValid() => AssertSucceeds(Catalog());

    [Fact]
    public void AFallbackChainOfKnownDeploymentsIsValid()
    {
        ModelOptions options = Catalog(d => d.Fallback = "fallback");
        options.Deployments["fallback"] = AzureDeployment();
        AssertSucceeds(options);
    }

    [Fact]
    public void AFallbackMustBeInTheCatalog() =>
        AssertFails(Catalog(d => d.Fallback = "nowhere"), "Fallback 'nowhere' is not in");

    [Fact]
    public void AFallbackChainMayNotLoop()
    {
        ModelOptions options = Catalog(d => d.Fallback = "fallback");
        ModelDeploymentOptions fallback = AzureDeployment();
        fallback.Fallback = "primary";
        options.Deployments["fallback"] = fallback;
        AssertFails(options, "loops back to");
    }

    [Fact]
    public void TheDefaultDeploymentMustBeInTheCatalog() =>
        AssertFails(Catalog(defaultDeployment: "missing"), "DefaultDeployment 'missing'");

    [Fact]
    public void AnEmptyCatalogIsRejected() =>
        AssertFails(new ModelOptions(), "DefaultDeployment 'primary'");

    [Fact]
    public void TheDefaultDeploymentIsMatchedWithoutRegardToCase() =>
        AssertSucceeds(Catalog(defaultDeployment: "PRIMARY"));

    [Fact]
    public void ManagedIdentityOverPlainHttpIsRejected() =>
        AssertFails(Catalog(d => d.Endpoint = new Uri("http://example.openai.azure.com/")), "Deployments:primary:Endpoint must use https");

    [Fact]
    public void PlainHttpWithAnApiKeyIsAccepted() =>
        AssertSucceeds(Catalog(d => (d.Endpoint, d.ApiKey) = (new Uri("http://127.0.0.1:5000/"), "simulator")));

    [Fact]
    public void AnEndpointIsRequired() =>
        AssertFails(Catalog(d => d.Endpoint = null), "Deployments:primary:Endpoint must be an absolute URI");

    [Fact]
    public void ARelativeEndpointIsRejected() =>
        AssertFails(Catalog(d => d.Endpoint = new Uri("/openai", UriKind.Relative)), "Deployments:primary:Endpoint must be an absolute URI");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ADeploymentNameIsRequired(string name) =>
        AssertFails(Catalog(d => d.Deployment = name), "Deployments:primary:Deployment is required");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AnOpenAiCompatibleEndpointWithoutAKeyIsRejected(string? key) =>
        AssertFails(Catalog(d => (d.Kind, d.Endpoint, d.ApiKey) = (ModelEndpointKind.OpenAI, new Uri("https://api.example.com/v1/"), key)),
            "Deployments:primary:ApiKey is required");

    [Fact]
    public void AnOpenAiCompatibleEndpointWithAKeyIsAccepted() =>
        AssertSucceeds(Catalog(d => (d.Kind, d.Endpoint, d.ApiKey) = (ModelEndpointKind.OpenAI, new Uri("https://api.example.com/v1/"), "sk-test")));

    [Fact]
    public void ANegativeInputPriceIsRejected() =>
        AssertFails(Catalog(d => d.InputPricePerMillion = -0.01m), "prices cannot be negative");

    [Fact]
    public void ANegativeCachedInputPriceIsRejected() =>
        AssertFails(Catalog(d => d.CachedInputPricePerMillion = -1m), "prices cannot be negative");

    [Fact]
    public void ANegativeOutputPriceIsRejected() =>
        AssertFails(Catalog(d => d.OutputPricePerMillion = -1m), "prices cannot be negative");

    [Fact]
    public void FreeModelsAreAllowed() =>
        AssertSucceeds(Catalog(d => (d.InputPricePerMillion, d.CachedInputPricePerMillion, d.OutputPricePerMillion) = (0m, 0m, 0m)));

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:05:00.001")]
    [InlineData("00:10:00")]
    public void ATimeoutOutsideZeroToFiveMinutesIsRejected(string timeout) =>
        AssertFails(Catalog(d => d.RequestTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture)),
            "Deployments:primary:RequestTimeout");

    [Theory]
    [InlineData("00:00:00.001")]
    [InlineData("00:05:00")]
    public void ATimeoutWithinRangeIsAccepted(string timeout) =>
        AssertSucceeds(Catalog(d => d.RequestTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AContextWindowMustBePositive(int window) =>
        AssertFails(Catalog(d => d.ContextWindow = window), "Deployments:primary:ContextWindow must be positive");

    [Fact]
    public void EveryFailureIsReportedAtOnce()
    {
        ValidateOptionsResult result = Validator.Validate(Options.DefaultName, Catalog(
            d => (d.Deployment, d.OutputPricePerMillion, d.ContextWindow) = ("", -1m, 0), defaultDeployment: "missing"));

        Assert.Equal(4, result.Failures!.Count());
    }

    [Fact]
    public void AddTollgateRunsTheValidatorWhenTheHostStarts()
    {
        // A misconfigured catalog must stop the app at start-up, not fail its first run.
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tollgate:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Tollgate:Models:DefaultDeployment"] = "primary",
            ["Tollgate:Models:Deployments:primary:Endpoint"] = "http://example.openai.azure.com/",
            ["Tollgate:Models:Deployments:primary:Deployment"] = "gpt-4o-mini",
        }).Build();
        using ServiceProvider services = new ServiceCollection().AddSingleton(configuration).AddTollgate().BuildServiceProvider();

        var ex = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("must use https", ex.Message, StringComparison.Ordinal);
    }
}

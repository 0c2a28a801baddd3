using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Callbacks;
using Tollgate.Hosting;

namespace Tollgate.Tests.Callbacks;

/// <summary>Callback settings are bound and checked at start-up; the DevHost's loopback switch cannot be set by configuration.</summary>
public sealed class CallbackOptionsTests
{
    private static CallbackOptions Bind(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return configuration.GetSection(CallbackOptions.SectionName).Get<CallbackOptions>() ?? new CallbackOptions();
    }

    [Fact]
    public void EverySettingBinds()
    {
        CallbackOptions options = Bind(new()
        {
            ["Tollgate:Callbacks:SigningSecret"] = CallbackTestSupport.Secret,
            ["Tollgate:Callbacks:MaxAttempts"] = "3",
            ["Tollgate:Callbacks:FirstRetryDelay"] = "00:00:02",
            ["Tollgate:Callbacks:Timeout"] = "00:00:05",
            ["Tollgate:Callbacks:AllowedHosts:0"] = "hooks.internal",
            ["Tollgate:Callbacks:AllowedHosts:1"] = "10.1.2.3",
        });

        Assert.True(options.IsConfigured);
        Assert.Equal(3, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), options.FirstRetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal(["hooks.internal", "10.1.2.3"], options.AllowedHosts);
    }

    [Fact]
    public void NoSettingTurnsOnLoopbackHttp()
    {
        CallbackOptions options = Bind(new()
        {
            ["Tollgate:Callbacks:AllowLoopbackHttp"] = "true",
            ["Tollgate:Callbacks:SigningSecret"] = CallbackTestSupport.Secret,
        });

        Assert.True(options.IsConfigured);

        Assert.False(options.AllowLoopbackHttp);
    }

    [Fact]
    public void TheFunctionsAppNeverAdmitsLoopbackAndTheDevHostDoes()
    {
        var settings = new Dictionary<string, string?> { ["Tollgate:Callbacks:AllowLoopbackHttp"] = "true" };
        Assert.False(Resolve(settings, devHost: false).AllowLoopbackHttp);
        Assert.True(Resolve(settings, devHost: true).AllowLoopbackHttp);
    }

    private static CallbackOptions Resolve(Dictionary<string, string?> settings, bool devHost)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName);
        if (devHost)
        {
            // What DevHostApplication does.
            services.PostConfigure<CallbackOptions>(o => o.AllowLoopbackForDevHost());
        }

        return services.BuildServiceProvider().GetRequiredService<IOptions<CallbackOptions>>().Value;
    }

    [Fact]
    public void TheDefaultsAreValidAndCallbacksAreOff()
    {
        var options = new CallbackOptions();
        Assert.True(new CallbackOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.IsConfigured);
        Assert.Equal(6, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(10), options.FirstRetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Theory]
    [InlineData("SigningSecret", "whsec_c2hvcnQ=", "SigningSecret")]
    [InlineData("SigningSecret", "whsec_***", "SigningSecret")]
    [InlineData("MaxAttempts", "0", "MaxAttempts")]
    [InlineData("MaxAttempts", "21", "MaxAttempts")]
    [InlineData("FirstRetryDelay", "00:00:00", "FirstRetryDelay")]
    [InlineData("FirstRetryDelay", "01:00:01", "FirstRetryDelay")]
    [InlineData("Timeout", "00:00:00.500", "Timeout")]
    [InlineData("Timeout", "00:01:01", "Timeout")]
    [InlineData("AllowedHosts:0", "*.internal", "AllowedHosts:0")]
    [InlineData("AllowedHosts:0", "bad host", "AllowedHosts:0")]
    public void ABadSettingStopsTheAppNamingIt(string key, string value, string named)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tollgate:Callbacks:" + key] = value,
        }).Build());
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName);
        services.AddSingleton<IValidateOptions<CallbackOptions>, CallbackOptionsValidator>();

        OptionsValidationException thrown = Assert.Throws<OptionsValidationException>(() =>
            services.BuildServiceProvider().GetRequiredService<IOptions<CallbackOptions>>().Value);
        Assert.Contains("Tollgate:Callbacks:" + named, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSectionIsListedForTheParityTests() =>
        Assert.Equal(typeof(CallbackOptions), TollgateServiceCollectionExtensions.OptionsSections[CallbackOptions.SectionName]);
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Hosting;
using Tollgate.Jobs;

namespace Tollgate.Tests.Jobs;

/// <summary>A job that cannot run as configured stops the app at start-up, naming the setting.</summary>
public sealed class JobOptionsValidatorTests
{
    private const string Prefix = "Tollgate:Jobs:leads:";

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Tollgate:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Tollgate:Models:DefaultDeployment"] = "primary",
        ["Tollgate:Models:Deployments:primary:Endpoint"] = "https://example.openai.azure.com/",
        ["Tollgate:Models:Deployments:primary:Deployment"] = "gpt-4o",
        [Prefix + "Schedule"] = "0 0 2 * * *",
        [Prefix + "Workflow"] = "enrich-lead",
        [Prefix + "UserId"] = "sales-ops",
        [Prefix + "Parallelism"] = "32",
        [Prefix + "CostCeiling"] = "25.00",
    };

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging().AddTollgate().BuildServiceProvider();

    private static string StartUpFailure(string setting, string? value)
    {
        Dictionary<string, string?> settings = Settings();
        settings[Prefix + setting] = value;
        using ServiceProvider services = Build(settings);
        return Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate()).Message;
    }

    [Fact]
    public void AValidJobStarts()
    {
        using ServiceProvider services = Build(Settings());

        services.GetRequiredService<IStartupValidator>().Validate();

        JobSettings job = services.GetRequiredService<IOptions<JobOptions>>().Value["leads"];
        Assert.Equal((32, 25.00m), (job.Parallelism, job.CostCeiling));
    }

    [Theory]
    [InlineData("Schedule", "0 2 * * *", "Tollgate:Jobs:leads:Schedule '0 2 * * *' is not a six-field NCRONTAB expression")]
    [InlineData("Schedule", "every night", "Tollgate:Jobs:leads:Schedule 'every night' is not a six-field NCRONTAB expression")]
    [InlineData("Schedule", null, "Tollgate:Jobs:leads:Schedule is required")]
    [InlineData("Workflow", "enrich-leads", "Tollgate:Jobs:leads:Workflow 'enrich-leads' names no workflow")]
    [InlineData("UserId", "sales ops", "Tollgate:Jobs:leads:UserId must be 1-128 characters")]
    [InlineData("UserId", null, "Tollgate:Jobs:leads:UserId must be 1-128 characters")]
    [InlineData("Parallelism", "0", "Tollgate:Jobs:leads:Parallelism must be between 1 and 256")]
    [InlineData("Parallelism", "257", "Tollgate:Jobs:leads:Parallelism must be between 1 and 256")]
    [InlineData("CostCeiling", "0", "Tollgate:Jobs:leads:CostCeiling is required")]
    [InlineData("CostCeiling", "0.05", "Tollgate:Jobs:leads:CostCeiling 0.05 is below one enrich-lead run's own ceiling (0.10)")]
    public void ABadSettingStopsTheAppNamingIt(string setting, string? value, string expected) =>
        Assert.Contains(expected, StartUpFailure(setting, value), StringComparison.Ordinal);

    [Theory]
    [InlineData("Parallelism", "many")]
    [InlineData("Paralelism", "4")]
    public void AnUnreadableOrMisspeltSettingStopsTheAppNamingIt(string setting, string value) =>
        Assert.Contains("Tollgate:Jobs:leads", StartUpFailure(setting, value), StringComparison.Ordinal);

    [Fact]
    public void AJobNameThatCannotBeAPartitionKeyStopsTheApp()
    {
        Dictionary<string, string?> settings = Settings();
        foreach (string key in settings.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).ToList())
        {
            settings[key.Replace("leads", "Leads_2026", StringComparison.Ordinal)] = settings[key];
            settings.Remove(key);
        }

        using ServiceProvider services = Build(settings);
        Assert.Contains("Tollgate:Jobs:Leads_2026: a job's name must be", Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate()).Message,
            StringComparison.Ordinal);
    }
}

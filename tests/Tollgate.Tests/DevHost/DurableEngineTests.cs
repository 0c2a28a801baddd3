using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.DevHost.Durable;
using Tollgate.Models;

namespace Tollgate.Tests.DevHost;

/// <summary>
/// The DevHost's durable engine settings: its concurrency comes from host.json, and it refuses settings under which
/// it would misbehave (a task hub name the backend rejects; a queue lock shorter than a model call, which the
/// sidecar never renews, so a call still running would be dispatched a second time).
/// </summary>
public sealed class DurableEngineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-hostjson").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheConcurrencyLimitsComeFromHostJson()
    {
        string hostJson = Write("""
            {"version":"2.0","extensions":{"durableTask":{"maxConcurrentActivityFunctions":7,"maxConcurrentOrchestratorFunctions":9,
              "storageProvider":{"partitionCount":3}}}}
            """);

        DurableEngineOptions options = Resolve(DurableEngine.HostJsonDefaults(hostJson));

        Assert.Equal(7, options.MaxConcurrentActivityFunctions);
        Assert.Equal(9, options.MaxConcurrentOrchestratorFunctions);
        Assert.Equal(3, options.PartitionCount);
    }

    [Fact]
    public void WhatHostJsonLeavesOutKeepsTheHostsDefaults()
    {
        string hostJson = Write("""{"version":"2.0","extensions":{"durableTask":{"maxConcurrentActivityFunctions":7}}}""");

        DurableEngineOptions options = Resolve(DurableEngine.HostJsonDefaults(hostJson));

        Assert.Equal(7, options.MaxConcurrentActivityFunctions);
        Assert.Equal(new DurableEngineOptions().MaxConcurrentOrchestratorFunctions, options.MaxConcurrentOrchestratorFunctions);
        Assert.Equal(4, options.PartitionCount); // the Azure Storage backend's default, as in Azure
    }

    [Fact]
    public void TheTaskHubIsTheFunctionsSettingAndDefaultsToALocalHub()
    {
        Assert.Equal(DurableEngineOptions.DefaultTaskHubName, Resolve([]).TaskHubName);
        Assert.Equal("myhub42", Resolve(new() { [DurableEngineOptions.TaskHubNameSetting] = "myhub42" }).TaskHubName);
    }

    [Theory]
    [InlineData("my-hub")]
    [InlineData("9lives")]
    [InlineData("ab")]
    public void ATaskHubNameTheBackendWouldRejectStopsTheStart(string name)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [DurableEngineOptions.TaskHubNameSetting] = name }));

        Assert.Contains("TaskHubName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelCallThatCouldOutliveItsQueueLockStopsTheStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Tollgate:Models:Deployments:slow:RequestTimeout"] = "00:05:00",
            ["Tollgate:Models:Deployments:quick:RequestTimeout"] = "00:03:59",
        }));

        Assert.Contains("WorkItemVisibilityTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("slow (00:05:00)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("quick", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongerQueueLockAdmitsTheSlowCall()
    {
        DurableEngineOptions options = Resolve(new()
        {
            ["Tollgate:Models:Deployments:slow:RequestTimeout"] = "00:05:00",
            [$"{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.WorkItemVisibilityTimeout)}"] = "00:06:30",
        });

        Assert.Equal(TimeSpan.FromMinutes(6.5), options.WorkItemVisibilityTimeout);
    }

    [Fact]
    public void TheInMemoryBackendHasNoQueueLockToOutlive()
    {
        DurableEngineOptions options = Resolve(new()
        {
            ["Tollgate:Models:Deployments:slow:RequestTimeout"] = "00:05:00",
            [$"{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.Backend)}"] = nameof(DurableBackend.InMemory),
        });

        Assert.Equal(DurableBackend.InMemory, options.Backend);
    }

    private string Write(string json)
    {
        string path = Path.Combine(_directory, "host.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>The options as the DevHost's container builds and validates them at start-up.</summary>
    private static DurableEngineOptions Resolve(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.SectionName);
        services.AddDurableEngine(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DurableEngineOptions>>().Value;
    }
}

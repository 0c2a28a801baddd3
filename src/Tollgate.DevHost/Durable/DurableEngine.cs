using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Options;
using Tollgate.Workflows;

namespace Tollgate.DevHost.Durable;

/// <summary>Registers the DevHost's Durable Task engine: the sidecar, and the worker and client connected to it.</summary>
public static class DurableEngine
{
    private static readonly (string Option, string HostJsonKey)[] HostJsonKeys =
    [
        (nameof(DurableEngineOptions.MaxConcurrentActivityFunctions), "maxConcurrentActivityFunctions"),
        (nameof(DurableEngineOptions.MaxConcurrentOrchestratorFunctions), "maxConcurrentOrchestratorFunctions"),
        (nameof(DurableEngineOptions.PartitionCount), "storageProvider:partitionCount"),
    ];

    /// <summary>
    /// host.json's Durable settings as DevHost defaults (lowest precedence), so the DevHost runs as many
    /// orchestrator and activity executions at once as one Functions instance does.
    /// </summary>
    public static Dictionary<string, string?> HostJsonDefaults(string hostJsonPath)
    {
        IConfigurationSection durable = new ConfigurationBuilder().AddJsonFile(hostJsonPath, optional: false).Build()
            .GetSection("extensions:durableTask");
        var defaults = new Dictionary<string, string?>();
        foreach ((string option, string hostJsonKey) in HostJsonKeys)
        {
            // Only what host.json sets: an absent key keeps the option's own default (the host's default).
            if (durable[hostJsonKey] is { } value)
            {
                defaults[$"{DurableEngineOptions.Section}:{option}"] = value;
            }
        }

        return defaults;
    }

    public static IServiceCollection AddDurableEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DurableEngineOptions>()
            .BindConfiguration(DurableEngineOptions.Section)
            .Configure(options => options.TaskHubName = configuration[DurableEngineOptions.TaskHubNameSetting] is { Length: > 0 } hub
                ? hub
                : DurableEngineOptions.DefaultTaskHubName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DurableEngineOptions>, DurableEngineOptionsValidator>();

        int port = FreeLoopbackPort();
        string address = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        // Registered before the worker, so the sidecar listens before the worker connects (hosted services start in order).
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DurableSidecar>(provider, port));
        services.AddHostedService(provider => provider.GetRequiredService<DurableSidecar>());
        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc(address);
            builder.AddTasks(registry => registry.AddTollgateTasks());
        });
        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc(address);
            builder.RegisterDirectly();
        });
        return services;
    }

    /// <summary>A port the OS just handed out: far less likely to collide than a random pick when several hosts start at once (tests).</summary>
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

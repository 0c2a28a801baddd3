using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Options;
using Tollgate.Intake;

namespace Tollgate.DevHost.Durable;

/// <summary>
/// The DevHost's Durable Task engine: the gRPC sidecar of Microsoft.DurableTask.InProcessTestHost on an h2c
/// Kestrel endpoint, over the Azure Storage backend on Azurite (or the in-memory one). The portable worker and
/// client talk to it as the Functions worker talks to the host's Durable extension.
/// </summary>
/// <remarks>
/// The sidecar (<see cref="TaskHubGrpcServer"/>) comes from a preview test package, pinned at 0.2.3-preview.1:
/// it is the only public host of the Durable Task gRPC protocol over any <see cref="IOrchestrationService"/>
/// that is served here. It stays behind this one class so it can be replaced without touching anything else.
/// Known gaps, handled here: it never renews work-item locks (see
/// <see cref="DurableEngineOptions.WorkItemVisibilityTimeout"/>), and a duplicate schedule of an instance id is
/// refused only when the client sends dedupe statuses and the backend throws on them. The loopback
/// <c>port</c> is chosen before the worker and client are configured, since they need the address.
/// </remarks>
internal sealed partial class DurableSidecar(int port, IOptions<DurableEngineOptions> options, IConfiguration configuration,
    ILoggerFactory loggerFactory, ILogger<DurableSidecar> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>
    /// The host storage connection: the Functions host's Durable backend (host.json <c>connectionName</c>) and the
    /// queue trigger both use it, and so does the DevHost.
    /// </summary>
    public const string ConnectionSetting = IntakeQueues.Connection;

    /// <summary>Concurrent fetches of the activity queue (<see cref="ParallelActivityFetch"/>).</summary>
    private const int ActivityFetchers = 4;

    private IOrchestrationService? _service;
    private WebApplication? _server;
    private int _stopped;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DurableEngineOptions engine = options.Value;
        IOrchestrationService backend = CreateService(engine);
        await backend.CreateIfNotExistsAsync().ConfigureAwait(false);
        IOrchestrationService service = backend is AzureStorageOrchestrationService
            ? new ParallelActivityFetch(backend, ActivityFetchers, logger)
            : backend; // the in-memory backend stays as shipped: it is the benchmark's baseline
        _service = service; // only a created task hub is stopped (and deleted) later

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        // The dispatchers fetch through ParallelActivityFetch; the client API (start, query, purge) uses the backend as it is.
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton((IOrchestrationServiceClient)backend);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        _server = builder.Build();
        _server.MapGrpcService<TaskHubGrpcServer>();
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        LogStarted(engine.Backend, engine.TaskHubName, port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may be stopped twice (Ctrl+C, then dispose): the task hub is stopped and deleted once.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_service is not null)
        {
            // The sidecar stops its dispatchers on its own, but only after in-flight work items finish (up to an
            // hour); stopping the backend here ends its queue listeners and lease renewals now.
            await _service.StopAsync(isForced: true).ConfigureAwait(false);
            if (options.Value.DeleteTaskHubOnStop)
            {
                await _service.DeleteAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        (_service as IDisposable)?.Dispose();
    }

    private IOrchestrationService CreateService(DurableEngineOptions engine) => engine.Backend switch
    {
        DurableBackend.InMemory => new InMemoryOrchestrationService(loggerFactory),
        _ => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(configuration[ConnectionSetting]
                ?? throw new InvalidOperationException($"The Azure Storage Durable backend needs the {ConnectionSetting} connection string.")),
            TaskHubName = engine.TaskHubName,
            PartitionCount = engine.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = engine.MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = engine.MaxConcurrentOrchestratorFunctions,
            MaxQueuePollingInterval = engine.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = engine.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = engine.ControlQueueVisibilityTimeout,
            // Without it a second schedule of an existing run id is dropped silently; RunLauncher relies on a throw.
            ThrowExceptionOnInvalidDedupeStatus = true,
            // One app per task hub here; an app lease left behind by a killed process would only delay its restart.
            UseAppLease = false,
            LoggerFactory = loggerFactory,
        }),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable Task engine: {Backend} backend, task hub {TaskHub}, sidecar on 127.0.0.1:{Port}")]
    private partial void LogStarted(DurableBackend backend, string taskHub, int port);
}

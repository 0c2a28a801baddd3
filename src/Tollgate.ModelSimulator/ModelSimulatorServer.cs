using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Tollgate.ModelSimulator;

/// <summary>The simulator hosted in-process on Kestrel, loopback only (integration tests, DevHost).</summary>
public sealed class ModelSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SimulatorState state;
    private int disposed;

    private ModelSimulatorServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        state = app.Services.GetRequiredService<SimulatorState>();
        BaseAddress = baseAddress;
    }

    /// <summary>The root address, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A thread-safe snapshot of the recorded requests, in arrival order.</summary>
    public IReadOnlyList<SimulatedRequest> Requests => state.Requests;

    /// <summary>Starts a simulator on 127.0.0.1:<paramref name="port"/> (0 = a free port) using the system clock.</summary>
    public static Task<ModelSimulatorServer> StartAsync(SimulatorOptions options, int port = 0, CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, port, cancellationToken);

    /// <summary>Starts a simulator on 127.0.0.1:<paramref name="port"/> (0 = a free port); <paramref name="timeProvider"/> drives <c>created</c>, timestamps and latency.</summary>
    public static async Task<ModelSimulatorServer> StartAsync(SimulatorOptions options, TimeProvider timeProvider, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ModelSimulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(timeProvider);

        // The caller's options as given (copied), not whatever the process configuration holds.
        builder.Services.AddModelSimulator(target =>
        {
            target.ModelId = options.ModelId;
            target.ModelVersions = new Dictionary<string, string>(options.ModelVersions ?? [], StringComparer.OrdinalIgnoreCase);
            target.Deployments = new Dictionary<string, DeploymentBehavior>(options.Deployments ?? [], StringComparer.OrdinalIgnoreCase);
        });

        var app = builder.Build();
        try
        {
            app.MapSimulator();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new ModelSimulatorServer(app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Changes how <paramref name="deployment"/> behaves from the next request on, and restarts its fault counter.</summary>
    public void Configure(string deployment, DeploymentBehavior behavior) => state.Configure(deployment, behavior);

    /// <summary>Clears the recorded requests and the fault counters.</summary>
    public void Reset() => state.Reset();

    /// <summary>Stops the server; requests still hanging (latency, <see cref="SimulatedFault.Timeout"/>) are aborted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

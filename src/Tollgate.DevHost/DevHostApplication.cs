using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration.Memory;
using Tollgate.Callbacks;
using Tollgate.DevHost.Durable;
using Tollgate.Hosting;
using Tollgate.Intake;
using Tollgate.Jobs;
using Tollgate.ModelSimulator;
using Tollgate.Triggers;

namespace Tollgate.DevHost;

/// <summary>
/// Tollgate on one machine: the same handlers, orchestrations and activities as the Functions app,
/// on ASP.NET Core, the Durable Task Azure Storage backend on Azurite (<see cref="DurableEngine"/>) and (unless a
/// real endpoint is configured) the model simulator. Glue only: no behaviour lives here.
/// </summary>
public sealed class DevHostApplication : IAsyncDisposable
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Catalog entries pointed at the simulator when no model endpoint is configured.</summary>
    internal static readonly string[] SimulatedDeployments = ["primary", "fallback"];

    private DevHostApplication(WebApplication app, ModelSimulatorServer? simulator)
    {
        App = app;
        Simulator = simulator;
    }

    public WebApplication App { get; }

    /// <summary>The simulator this host started, or null when a real endpoint is configured.</summary>
    public ModelSimulatorServer? Simulator { get; }

    public DurableTaskClient DurableClient => App.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The address the host listens on, once started.</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<DevHostApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        // Lowest precedence: local defaults that any appsettings, environment variable or argument overrides.
        Dictionary<string, string?> defaults = DurableEngine.HostJsonDefaults(Path.Combine(AppContext.BaseDirectory, "host.json"));
        defaults["urls"] = DefaultUrl;
        defaults["Tollgate:Storage:ConnectionString"] = "UseDevelopmentStorage=true";
        defaults[IntakeQueues.Connection] = "UseDevelopmentStorage=true";
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        configure?.Invoke(builder);

        ModelSimulatorServer? simulator = null;
        if (!HasModelEndpoint(builder.Configuration))
        {
            // The Simulator section (latency, faults per deployment) lets a person or an out-of-process test shape it.
            SimulatorOptions simulatorOptions = builder.Configuration.GetSection(SimulatorOptions.SectionName).Get<SimulatorOptions>() ?? new SimulatorOptions();
            simulator = await ModelSimulatorServer.StartAsync(simulatorOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
            // Just above the local defaults: any setting the developer (or a test) gives still wins,
            // e.g. a smaller context window or a different price for a simulated deployment.
            builder.Configuration.Sources.Insert(1, new MemoryConfigurationSource { InitialData = SimulatorCatalog(simulator.BaseAddress) });
        }

        builder.Services.AddTollgate();
        // Callbacks to a receiver on this machine, over plain http: the DevHost's alone, set in code so no setting can
        // turn it on in the Functions app.
        builder.Services.PostConfigure<CallbackOptions>(options => options.AllowLoopbackForDevHost());
        builder.Services.AddDurableEngine(builder.Configuration);
        builder.Services.AddHostedService<QueuePoller>();
        ScheduledSweep.AddScheduledSweeps(builder.Services);

        WebApplication app = builder.Build();
        RouteGroupBuilder api = app.MapGroup("/" + IntakeRoutes.Prefix);
        api.MapPost(IntakeRoutes.StartRun, (HttpRequest request, string workflow, DurableTaskClient client, StartRunHandler handler, CancellationToken ct) =>
            handler.HandleAsync(request, workflow, client, ct));
        api.MapPost(IntakeRoutes.Trigger, (HttpRequest request, string name, DurableTaskClient client, TriggerHandler handler, CancellationToken ct) =>
            handler.HandleAsync(request, name, client, ct));
        api.MapPost(IntakeRoutes.ReplayRun, (HttpRequest request, string runId, DurableTaskClient client, ReplayRunHandler handler, CancellationToken ct) =>
            handler.HandleAsync(request, runId, client, ct));
        api.MapGet(IntakeRoutes.GetBudget, (string userId, GetBudgetHandler handler, CancellationToken ct) => handler.HandleAsync(userId, ct));
        api.MapGet(IntakeRoutes.GetRun, (string runId, DurableTaskClient client, GetRunHandler handler, CancellationToken ct) =>
            handler.HandleAsync(runId, client, ct));
        api.MapGet(IntakeRoutes.GetRollout, (string name, GetRolloutHandler handler, CancellationToken ct) => handler.HandleAsync(name, ct));
        api.MapPost(IntakeRoutes.AddJobItems, (HttpRequest request, string name, AddJobItemsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(request, name, ct));
        api.MapPost(IntakeRoutes.StartJobRun, (HttpRequest request, string name, DurableTaskClient client, StartJobRunHandler handler, CancellationToken ct) =>
            handler.HandleAsync(request, name, client, ct));
        api.MapGet(IntakeRoutes.GetJobRun, (string name, string occurrence, DurableTaskClient client, GetJobRunHandler handler, CancellationToken ct) =>
            handler.HandleAsync(name, occurrence, client, ct));
        return new DevHostApplication(app, simulator);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Dispose alone skips the hosted services' StopAsync: the durable engine would neither stop its
            // listeners nor delete a throw-away task hub. A second stop (after Ctrl+C) does nothing more.
            await App.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await App.DisposeAsync().ConfigureAwait(false);
            if (Simulator is not null)
            {
                await Simulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static bool HasModelEndpoint(ConfigurationManager configuration) =>
        configuration.GetSection("Tollgate:Models:Deployments").GetChildren().Any(d => !string.IsNullOrEmpty(d["Endpoint"]));

    private static Dictionary<string, string?> SimulatorCatalog(Uri simulator)
    {
        var settings = new Dictionary<string, string?> { ["Tollgate:Models:DefaultDeployment"] = SimulatedDeployments[0] };
        foreach (string name in SimulatedDeployments)
        {
            string prefix = $"Tollgate:Models:Deployments:{name}:";
            settings[prefix + "Kind"] = "AzureOpenAI";
            settings[prefix + "Endpoint"] = simulator.ToString();
            settings[prefix + "Deployment"] = name == "primary" ? "gpt-4o" : "gpt-4o-mini";
            settings[prefix + "ApiKey"] = "simulator";
            settings[prefix + "InputPricePerMillion"] = name == "primary" ? "2.50" : "0.15";
            settings[prefix + "CachedInputPricePerMillion"] = name == "primary" ? "1.25" : "0.075";
            settings[prefix + "OutputPricePerMillion"] = name == "primary" ? "10.00" : "0.60";
            settings[prefix + "ContextWindow"] = 128_000.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "Fallback"] = name == "primary" ? "fallback" : "";
        }

        return settings;
    }
}

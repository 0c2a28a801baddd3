using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tollgate.ModelSimulator;

/// <summary>Registers the simulator's services; used by the standalone Program and <see cref="ModelSimulatorServer"/>.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>Adds the simulator with options bound from <paramref name="configuration"/>'s section <c>Simulator</c>.</summary>
    public static IServiceCollection AddModelSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddModelSimulator(options => configuration.GetSection(SimulatorOptions.SectionName).Bind(options));
    }

    /// <summary>Adds the simulator's state and handler; <paramref name="configure"/> sets the options.</summary>
    public static IServiceCollection AddModelSimulator(this IServiceCollection services, Action<SimulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SimulatorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatorState>();
        services.TryAddSingleton(provider => new ChatCompletionHandler(
            provider.GetRequiredService<SimulatorState>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<ILogger<ChatCompletionHandler>>()));
        return services;
    }
}

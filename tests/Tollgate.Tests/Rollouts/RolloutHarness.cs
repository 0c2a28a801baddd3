using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Hosting;
using Tollgate.Rollouts;

namespace Tollgate.Tests.Rollouts;

/// <summary>
/// The app's own services (<c>AddTollgate</c>) over a reloadable in-memory configuration with a catalog of
/// <c>primary</c> (the default) and <c>fallback</c>, and the rollout <c>classify-mini</c> of classify's step.
/// <see cref="Set"/> changes a setting the way a configuration reload does: no new host, no redeploy.
/// </summary>
internal sealed class RolloutHarness : IDisposable
{
    public const string Rollout = "classify-mini";
    public const string Prefix = "Tollgate:Rollouts:" + Rollout + ":";
    public const string Salt = "classify-mini-2025-06";

    public static readonly string[] Users = [.. Enumerable.Range(1, 1000).Select(i => $"user-{i:D4}")];

    private readonly ServiceProvider _services;

    public RolloutHarness(string percentage, IDictionary<string, string?>? changes = null)
    {
        Dictionary<string, string?> settings = Settings(percentage);
        foreach ((string key, string? value) in changes ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddSingleton<IConfiguration>(Configuration).AddLogging().AddTollgate().BuildServiceProvider();
    }

    public IConfigurationRoot Configuration { get; }

    public IServiceProvider Services => _services;

    public RolloutAssigner Assigner => _services.GetRequiredService<RolloutAssigner>();

    public RolloutCatalog Catalog => _services.GetRequiredService<RolloutCatalog>();

    public static Dictionary<string, string?> Settings(string percentage) => new()
    {
        ["Tollgate:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Tollgate:Models:DefaultDeployment"] = "primary",
        ["Tollgate:Models:Deployments:primary:Endpoint"] = "https://example.openai.azure.com/",
        ["Tollgate:Models:Deployments:primary:Deployment"] = "gpt-4o",
        ["Tollgate:Models:Deployments:primary:Fallback"] = "fallback",
        ["Tollgate:Models:Deployments:fallback:Endpoint"] = "https://example.openai.azure.com/",
        ["Tollgate:Models:Deployments:fallback:Deployment"] = "gpt-4o-mini",
        [Prefix + "Workflow"] = "classify",
        [Prefix + "Step"] = "classify",
        [Prefix + "Current"] = "primary",
        [Prefix + "Candidate"] = "fallback",
        [Prefix + "Percentage"] = percentage,
        [Prefix + "Salt"] = Salt,
    };

    /// <summary>Changes one setting and reloads the configuration, as a changed app setting or file does.</summary>
    public void Set(string key, string? value)
    {
        Configuration[key] = value;
        Configuration.Reload();
    }

    /// <summary>The users of <see cref="Users"/> the rollout puts on its candidate, as configured now.</summary>
    public async Task<HashSet<string>> CandidatesAsync()
    {
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (string user in Users)
        {
            if (await Assigner.ArmOfAsync(Rollout, user, CancellationToken.None) == RolloutArms.Candidate)
            {
                candidates.Add(user);
            }
        }

        return candidates;
    }

    public void Dispose() => _services.Dispose();
}

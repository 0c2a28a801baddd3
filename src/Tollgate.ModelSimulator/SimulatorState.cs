using Microsoft.Extensions.Options;

namespace Tollgate.ModelSimulator;

/// <summary>
/// The simulator's mutable state: per-deployment behaviour, fault counters and the recorded requests.
/// One instance per simulator (a DI singleton); thread-safe.
/// </summary>
public sealed class SimulatorState
{
    /// <summary>The oldest requests are dropped beyond this many, so a long-running DevHost does not grow without bound.</summary>
    public const int MaxRecordedRequests = 10_000;

    private readonly Lock gate = new();
    private readonly List<SimulatedRequest> requests = [];
    private readonly Dictionary<string, DeploymentBehavior> behaviors = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> faultsServed = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> modelVersions = new(StringComparer.OrdinalIgnoreCase);
    private long lastSequence;

    /// <summary>Creates the state from the configured options (copied; later changes to them have no effect).</summary>
    public SimulatorState(IOptions<SimulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        DefaultModelId = string.IsNullOrWhiteSpace(value.ModelId) ? null : value.ModelId;
        // Copied case-insensitively whatever comparer the caller's dictionary has (a bound one is ordinal).
        foreach (var (name, modelId) in value.ModelVersions ?? [])
        {
            if (!string.IsNullOrWhiteSpace(modelId))
            {
                modelVersions[name] = modelId;
            }
        }

        foreach (var (deployment, behavior) in value.Deployments ?? [])
        {
            ArgumentNullException.ThrowIfNull(behavior, deployment);
            DeploymentBehavior.Validate(deployment, behavior);
            behaviors[deployment] = behavior.Clone();
        }
    }

    /// <summary>The model id reported for every deployment that does not override it, or null to report each deployment's own.</summary>
    public string? DefaultModelId { get; }

    /// <summary>
    /// The model id answered for <paramref name="deployment"/>: its behaviour's <see cref="DeploymentBehavior.ModelId"/>,
    /// else <see cref="DefaultModelId"/>, else its entry in <see cref="SimulatorOptions.ModelVersions"/>, else the name itself.
    /// </summary>
    public string ModelIdFor(string deployment, DeploymentBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(behavior);
        if (!string.IsNullOrWhiteSpace(behavior.ModelId))
        {
            return behavior.ModelId;
        }

        return DefaultModelId ?? (modelVersions.TryGetValue(deployment, out var modelId) ? modelId : deployment);
    }

    /// <summary>A snapshot of the recorded requests, in arrival order.</summary>
    public IReadOnlyList<SimulatedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Replaces the behaviour of <paramref name="deployment"/> (a copy is kept) and restarts its fault counter.</summary>
    public void Configure(string deployment, DeploymentBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(behavior);
        DeploymentBehavior.Validate(deployment, behavior);
        var copy = behavior.Clone();
        lock (gate)
        {
            behaviors[deployment] = copy;
            faultsServed.Remove(deployment);
        }
    }

    /// <summary>Clears the recorded requests and the fault counters; configured behaviours stay.</summary>
    public void Reset()
    {
        lock (gate)
        {
            requests.Clear();
            faultsServed.Clear();
        }
    }

    /// <summary>A copy of the behaviour of <paramref name="deployment"/> (defaults when it is not configured).</summary>
    public DeploymentBehavior GetBehavior(string deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        lock (gate)
        {
            return behaviors.TryGetValue(deployment, out var behavior) ? behavior.Clone() : new DeploymentBehavior();
        }
    }

    internal long NextSequence() => Interlocked.Increment(ref lastSequence);

    /// <summary>True when this request must get the deployment's fault (counts it).</summary>
    internal bool TryTakeFault(string deployment, DeploymentBehavior behavior)
    {
        if (behavior.Fault == SimulatedFault.None)
        {
            return false;
        }

        lock (gate)
        {
            var served = faultsServed.GetValueOrDefault(deployment);
            if (served >= behavior.FaultCount)
            {
                return false;
            }

            faultsServed[deployment] = served + 1;
            return true;
        }
    }

    internal void Record(SimulatedRequest request)
    {
        lock (gate)
        {
            // Requests finish out of order (latency, faults); keep the list sorted by arrival.
            var index = requests.Count;
            while (index > 0 && requests[index - 1].Sequence > request.Sequence)
            {
                index--;
            }

            requests.Insert(index, request);
            if (requests.Count > MaxRecordedRequests)
            {
                requests.RemoveAt(0);
            }
        }
    }
}

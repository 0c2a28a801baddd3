namespace Tollgate.ModelSimulator;

/// <summary>
/// Options of the model simulator, bound from the configuration section <see cref="SectionName"/>
/// when the simulator runs standalone.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section the standalone simulator binds.</summary>
    public const string SectionName = "Simulator";

    /// <summary>
    /// When set, the model id reported for every deployment that does not set its own
    /// <see cref="DeploymentBehavior.ModelId"/>. Unset (the default), each deployment reports the model its name
    /// maps to in <see cref="ModelVersions"/>, as a real service names the model behind a deployment.
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>
    /// Dated model id reported for a deployment (Azure style: the name in the URL) or model (OpenAI style: the
    /// body's <c>model</c>), matched case-insensitively; a name not listed is reported as itself. Defaults to
    /// the current GPT-4o family versions.
    /// </summary>
    public Dictionary<string, string> ModelVersions { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-4o"] = "gpt-4o-2024-08-06",
        ["gpt-4o-mini"] = "gpt-4o-mini-2024-07-18",
    };

    /// <summary>Behaviour per deployment (Azure style) or model (OpenAI style) name. Unknown names behave normally.</summary>
    public Dictionary<string, DeploymentBehavior> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>How the simulator answers requests for one deployment.</summary>
public sealed class DeploymentBehavior
{
    /// <summary>Overrides <see cref="SimulatorOptions.ModelId"/> and <see cref="SimulatorOptions.ModelVersions"/> in responses for this deployment.</summary>
    public string? ModelId { get; set; }

    /// <summary>Delay added before answering (also before a fault is served). Honours cancellation.</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>The fault served to the first <see cref="FaultCount"/> requests.</summary>
    public SimulatedFault Fault { get; set; }

    /// <summary>How many requests fail before the deployment succeeds (1 = only the first request fails).</summary>
    public int FaultCount { get; set; } = int.MaxValue;

    /// <summary>The <c>Retry-After</c> value, in seconds, sent with <see cref="SimulatedFault.RateLimited"/>.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    internal DeploymentBehavior Clone() => new()
    {
        ModelId = ModelId,
        LatencyMilliseconds = LatencyMilliseconds,
        Fault = Fault,
        FaultCount = FaultCount,
        RetryAfterSeconds = RetryAfterSeconds,
    };

    internal static void Validate(string deployment, DeploymentBehavior behavior)
    {
        if (behavior.LatencyMilliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior.LatencyMilliseconds, $"Deployment '{deployment}': LatencyMilliseconds must not be negative.");
        }

        if (behavior.FaultCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior.FaultCount, $"Deployment '{deployment}': FaultCount must not be negative.");
        }

        if (behavior.RetryAfterSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior.RetryAfterSeconds, $"Deployment '{deployment}': RetryAfterSeconds must not be negative.");
        }

        if (!Enum.IsDefined(behavior.Fault))
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior.Fault, $"Deployment '{deployment}': unknown Fault.");
        }
    }
}

/// <summary>A failure the simulator can serve instead of a completion.</summary>
public enum SimulatedFault
{
    /// <summary>Answer normally.</summary>
    None = 0,

    /// <summary>429 with a <c>Retry-After</c> header and an OpenAI error body.</summary>
    RateLimited,

    /// <summary>500 with an OpenAI error body.</summary>
    ServerError,

    /// <summary>Never answer: hang until the client gives up or the server stops.</summary>
    Timeout,
}

namespace Tollgate.ModelSimulator;

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

    /// <summary>
    /// Tokens the deployment accepts, prompt plus <c>max_completion_tokens</c> (or <c>max_tokens</c>); a request over it
    /// is answered 400 with OpenAI's <c>context_length_exceeded</c> error, before any latency or fault. Null: no limit.
    /// </summary>
    public int? ContextWindow { get; set; }

    internal DeploymentBehavior Clone() => new()
    {
        ContextWindow = ContextWindow,
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

        if (behavior.ContextWindow is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior.ContextWindow, $"Deployment '{deployment}': ContextWindow must be positive.");
        }

        if (!Enum.IsDefined(behavior.Fault))
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior.Fault, $"Deployment '{deployment}': unknown Fault.");
        }
    }
}

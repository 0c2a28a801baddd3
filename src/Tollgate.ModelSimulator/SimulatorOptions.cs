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

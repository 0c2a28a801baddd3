using System.ComponentModel.DataAnnotations;

namespace Tollgate.Models;

/// <summary>The model catalog: named deployments and the one workflows call by default.</summary>
public sealed class ModelOptions
{
    public const string SectionName = "Tollgate:Models";

    [Required]
    public string DefaultDeployment { get; set; } = "primary";

    public Dictionary<string, ModelDeploymentOptions> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The default deployment and its fallbacks, in the order a call tries them. Stops at a name the catalog lacks or
    /// one seen before (the validator refuses both; this never loops anyway).
    /// </summary>
    public IEnumerable<(string Name, ModelDeploymentOptions Deployment)> DefaultChain()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? name = DefaultDeployment;
        while (name is { Length: > 0 } && seen.Add(name) && Deployments.TryGetValue(name, out ModelDeploymentOptions? deployment))
        {
            yield return (name, deployment);
            name = deployment.Fallback;
        }
    }
}

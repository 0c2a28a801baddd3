using System.ComponentModel.DataAnnotations;

namespace Tollgate.Models;

/// <summary>The model catalog: named deployments and the one workflows call by default.</summary>
public sealed class ModelOptions
{
    public const string SectionName = "Tollgate:Models";

    [Required]
    public string DefaultDeployment { get; set; } = "primary";

    public Dictionary<string, ModelDeploymentOptions> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

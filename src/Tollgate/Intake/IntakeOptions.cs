using System.ComponentModel.DataAnnotations;

namespace Tollgate.Intake;

public sealed class IntakeOptions
{
    public const string SectionName = "Tollgate:Intake";

    /// <summary>Largest request body accepted; larger ones get 413 before they are parsed.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Largest items body (<c>POST /api/jobs/{name}/items</c>) accepted; larger ones get 413 before they are parsed.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxItemsBodyBytes { get; set; } = 4 * 1024 * 1024;
}

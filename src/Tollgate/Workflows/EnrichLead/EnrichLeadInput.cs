using System.ComponentModel.DataAnnotations;

namespace Tollgate.Workflows.EnrichLead;

/// <summary>What a caller sends as <c>input</c> to <c>enrich-lead</c>.</summary>
public sealed record EnrichLeadInput
{
    public const int MaxNotesLength = 20_000;

    [Required]
    [StringLength(MaxNotesLength)]
    public required string Notes { get; init; }
}

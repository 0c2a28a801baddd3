using System.ComponentModel.DataAnnotations;

namespace Tollgate.Workflows.Classify;

/// <summary>What a caller sends as <c>input</c> to <c>classify</c>.</summary>
public sealed record ClassifyInput
{
    public const int MaxTextLength = 20_000;

    [Required]
    [StringLength(MaxTextLength)]
    public required string Text { get; init; }
}

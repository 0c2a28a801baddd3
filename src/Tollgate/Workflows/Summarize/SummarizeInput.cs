using System.ComponentModel.DataAnnotations;

namespace Tollgate.Workflows.Summarize;

/// <summary>What a caller sends as <c>input</c> to <c>summarize</c>.</summary>
public sealed record SummarizeInput
{
    [Required]
    [StringLength(SummarizeWorkflow.MaxTextLength)]
    public required string Text { get; init; }
}

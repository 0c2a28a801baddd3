using System.ComponentModel.DataAnnotations;
using Microsoft.DurableTask;
using Tollgate.Trimming;

namespace Tollgate.Workflows.Summarize;

/// <summary><c>summarize</c>: one governed model call over the caller's text, answered in free text.</summary>
public sealed class SummarizeWorkflow : Workflow<SummarizeInput, SummarizeOutput>
{
    /// <summary>Longest text accepted, in characters (the body limit bounds it too).</summary>
    public const int MaxTextLength = 100_000;

    /// <summary>
    /// The one step. A text too long for a deployment's window keeps its beginning and its end, around an elision
    /// marker, trimmed to that deployment's window.
    /// </summary>
    public static readonly TextStep Summary = new("summarize", promptId: "summarize", promptVersion: 1, maxOutputTokens: 256, minOutputTokens: 64)
    {
        Trim = new TrimPolicy("text", TrimStrategy.HeadAndTail),
    };

    public override string Name => "summarize";

    /// <summary>Room for the longest text on the primary deployment, with a retry or a fallback.</summary>
    public override decimal CostCeiling => 0.25m;

    public override TimeSpan LatencyBudget => TimeSpan.FromSeconds(30);

    public override IReadOnlyList<ModelStep> Steps => [Summary];

    protected override async Task<SummarizeOutput> ExecuteAsync(TaskOrchestrationContext context, SummarizeInput input)
    {
        string summary = await AskAsync(context, Summary, new Dictionary<string, string> { ["text"] = input.Text });
        return new SummarizeOutput(summary);
    }
}

/// <summary>What a caller sends as <c>input</c> to <c>summarize</c>.</summary>
public sealed record SummarizeInput
{
    [Required]
    [StringLength(SummarizeWorkflow.MaxTextLength)]
    public required string Text { get; init; }
}

/// <summary>The run's output.</summary>
public sealed record SummarizeOutput(string Summary);

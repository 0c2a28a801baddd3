namespace Tollgate.Workflows.Summarize;

/// <summary>The run's output.</summary>
public sealed record SummarizeOutput(string Summary);

namespace Tollgate.Workflows;

/// <summary>The run's output.</summary>
public sealed record SummarizeOutput(string Summary);

namespace Tollgate.Workflows;

/// <summary>What a caller sends as <c>input</c> to <c>summarize</c>.</summary>
public sealed record SummarizeRequest(string Text);

namespace Tollgate.Workflows;

/// <summary>The orchestration's input: the run it belongs to and the validated request.</summary>
public sealed record SummarizeInput(string RunId, string UserId, string Text);

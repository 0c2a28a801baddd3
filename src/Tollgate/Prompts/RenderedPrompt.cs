namespace Tollgate.Prompts;

/// <summary>A template with its placeholders filled: the exact messages a model receives.</summary>
public sealed record RenderedPrompt(PromptTemplate Template, string System, string User);

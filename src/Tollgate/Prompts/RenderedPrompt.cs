namespace Tollgate.Prompts;

/// <summary>
/// A template with its placeholders filled: the exact messages a model receives. <see cref="TrimmedTokens"/> is how
/// many input tokens were cut from the step's trimmable variable to fit the deployment's window (0: none).
/// </summary>
public sealed record RenderedPrompt(PromptTemplate Template, string System, string User)
{
    public int TrimmedTokens { get; init; }
}

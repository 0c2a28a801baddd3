using Tollgate.Outputs;
using Tollgate.Prompts;

namespace Tollgate.Workflows;

/// <summary>
/// One model step of a workflow, declared once as a static field of the workflow class: its name (unique in the
/// workflow; it names the step's attempts and its prompt-version setting), the prompt it sends by default, and its
/// output cap and floor. <see cref="TextStep"/> answers free text; <see cref="StructuredStep{T}"/> a typed object.
/// </summary>
public abstract class ModelStep
{
    protected ModelStep(string name, string promptId, int promptVersion, int maxOutputTokens, int minOutputTokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(minOutputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutputTokens, minOutputTokens);
        Name = name;
        PromptId = promptId;
        PromptVersion = promptVersion;
        MaxOutputTokens = maxOutputTokens;
        MinOutputTokens = minOutputTokens;
    }

    public string Name { get; }

    public string PromptId { get; }

    /// <summary>The version sent unless a setting pins another (<c>Tollgate:Workflows:{workflow}:Prompts:{step}</c>).</summary>
    public int PromptVersion { get; }

    public int MaxOutputTokens { get; }

    public int MinOutputTokens { get; }

    /// <summary>The schema of a structured answer; null for free text.</summary>
    public abstract OutputSchema? Schema { get; }

    /// <summary>The step's default prompt (throws when it does not exist: checked when the catalog loads).</summary>
    public PromptTemplate Prompt => PromptCatalog.Get(PromptId, PromptVersion);
}

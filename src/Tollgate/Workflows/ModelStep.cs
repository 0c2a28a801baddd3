using Tollgate.Caching;
using Tollgate.Outputs;
using Tollgate.Prompts;
using Tollgate.Trimming;

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

    /// <summary>Opt-in response cache for this step (null: every call is sent).</summary>
    public CachePolicy? Cache { get; init; }

    /// <summary>The variable that may be trimmed to fit a deployment's context window (null: none).</summary>
    public TrimPolicy? Trim { get; init; }

    /// <summary>
    /// When set, a deployment whose recent p95 latency is over this budget is skipped for its fallback, as an open
    /// circuit is (null: latency does not steer this step).
    /// </summary>
    public TimeSpan? LatencyBudget { get; init; }

    /// <summary>The schema of a structured answer; null for free text.</summary>
    public abstract OutputSchema? Schema { get; }

    /// <summary>The step's default prompt (throws when it does not exist: checked when the catalog loads).</summary>
    public PromptTemplate Prompt => PromptCatalog.Get(PromptId, PromptVersion);
}

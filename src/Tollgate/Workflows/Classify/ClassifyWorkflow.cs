using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.DurableTask;

namespace Tollgate.Workflows.Classify;

/// <summary>
/// <c>classify</c>: a support ticket or message → its category (one of the configured ones), priority, the model's
/// confidence and a one-sentence reason, in one structured call.
/// </summary>
public sealed class ClassifyWorkflow : Workflow<ClassifyInput, Classification, ClassifySettings>
{
    /// <summary>
    /// The one step. The same message with the same categories classifies the same way: answered from the response
    /// cache for a day, and from an older answer when every deployment fails. A deployment whose recent p95 latency is
    /// over 5 s is skipped for its fallback: triage that waits longer than that is better answered by a smaller model.
    /// A message too long for a window is refused, not trimmed (a cut ticket could be misread).
    /// </summary>
    public static readonly StructuredStep<Classification> Classification =
        new("classify", promptId: "classify", promptVersion: 1, maxOutputTokens: 200, minOutputTokens: 120)
        {
            Cache = new(TimeSpan.FromHours(24), ServeStale: true),
            LatencyBudget = TimeSpan.FromSeconds(5),
        };

    public override string Name => "classify";

    public override decimal CostCeiling => 0.05m;

    public override TimeSpan LatencyBudget => TimeSpan.FromSeconds(10);

    public override IReadOnlyList<ModelStep> Steps => [Classification];

    protected override Task<Classification> ExecuteAsync(TaskOrchestrationContext context, ClassifyInput input)
    {
        IReadOnlyList<string> categories = Settings.CategoriesOrDefault();
        return AskAsync(context, Classification,
            new Dictionary<string, string> { ["text"] = input.Text, ["categories"] = string.Join(", ", categories) },
            Classification.Schema.WithAllowedValues("category", [.. categories]));
    }
}

/// <summary>What a caller sends as <c>input</c> to <c>classify</c>.</summary>
public sealed record ClassifyInput
{
    public const int MaxTextLength = 20_000;

    [Required]
    [StringLength(MaxTextLength)]
    public required string Text { get; init; }
}

/// <summary>The answer of <c>classify</c>.</summary>
public sealed record Classification(
    [property: Description("One of the categories listed in the request.")] string Category,
    Priority Priority,
    [property: Description("How sure the classification is, from 0 to 1."), Range(0.0, 1.0)] double Confidence,
    [property: Description("One sentence on why.")] string Reason);

/// <summary>How soon a classified message needs a person.</summary>
public enum Priority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary><c>Tollgate:Workflows:classify:Settings</c>: the categories a message may be put in.</summary>
public sealed class ClassifySettings
{
    public static readonly IReadOnlyList<string> DefaultCategories = ["billing", "bug", "feature-request", "account", "other"];

    /// <summary>
    /// The categories, e.g. <c>Tollgate__Workflows__classify__Settings__Categories__0=billing</c>. Null means the
    /// defaults (a default list here would be appended to by the configuration binder, not replaced).
    /// </summary>
    [MinLength(2)]
    [MaxLength(50)]
    public List<string>? Categories { get; set; }

    public IReadOnlyList<string> CategoriesOrDefault() => Categories is { Count: > 0 } configured ? configured : DefaultCategories;
}

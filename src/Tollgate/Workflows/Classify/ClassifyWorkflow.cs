using Microsoft.DurableTask;

namespace Tollgate.Workflows.Classify;

/// <summary>
/// <c>classify</c>: a support ticket or message → its category (one of the configured ones), priority, the model's
/// confidence and a one-sentence reason, in one structured call.
/// </summary>
public sealed class ClassifyWorkflow : Workflow<ClassifyInput, Classification, ClassifySettings>
{
    public static readonly StructuredStep<Classification> Classification =
        new("classify", promptId: "classify", promptVersion: 1, maxOutputTokens: 200, minOutputTokens: 120);

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

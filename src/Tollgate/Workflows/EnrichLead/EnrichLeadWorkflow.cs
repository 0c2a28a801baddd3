using System.Text.Json;
using Microsoft.DurableTask;

namespace Tollgate.Workflows.EnrichLead;

/// <summary>
/// <c>enrich-lead</c>: free-text notes about a company or contact → a lead profile, in two steps: extract the facts
/// the notes state, then profile the lead from those facts (the second step sees only the first one's output).
/// </summary>
public sealed class EnrichLeadWorkflow : Workflow<EnrichLeadInput, LeadProfile>
{
    public static readonly StructuredStep<LeadFacts> Extract =
        new("extract", promptId: "lead-extract", promptVersion: 1, maxOutputTokens: 400, minOutputTokens: 200);

    public static readonly StructuredStep<LeadProfile> Profile =
        new("profile", promptId: "lead-profile", promptVersion: 1, maxOutputTokens: 300, minOutputTokens: 150);

    public override string Name => "enrich-lead";

    public override decimal CostCeiling => 0.10m;

    public override TimeSpan LatencyBudget => TimeSpan.FromSeconds(20);

    public override IReadOnlyList<ModelStep> Steps => [Extract, Profile];

    protected override async Task<LeadProfile> ExecuteAsync(TaskOrchestrationContext context, EnrichLeadInput input)
    {
        LeadFacts facts = await AskAsync(context, Extract, new Dictionary<string, string> { ["notes"] = input.Notes });
        return await AskAsync(context, Profile, new Dictionary<string, string> { ["facts"] = JsonSerializer.Serialize(facts, WorkflowJson.Options) });
    }
}

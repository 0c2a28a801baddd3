using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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

/// <summary>What a caller sends as <c>input</c> to <c>enrich-lead</c>.</summary>
public sealed record EnrichLeadInput
{
    public const int MaxNotesLength = 20_000;

    [Required]
    [StringLength(MaxNotesLength)]
    public required string Notes { get; init; }
}

/// <summary>What the notes state about a lead; null where they say nothing.</summary>
public sealed record LeadFacts(
    string? CompanyName,
    string? ContactName,
    string? ContactRole,
    [property: Description("Headcount if the notes state it.")] int? Employees,
    string? Location,
    [property: Description("Products or services the notes mention.")] IReadOnlyList<string> Products,
    [property: Description("What the notes say the lead needs, in one sentence.")] string Need);

/// <summary>The answer of <c>enrich-lead</c>.</summary>
public sealed record LeadProfile(
    string Industry,
    SizeBand SizeBand,
    Region Region,
    [property: Description("Two sentences.")] string Summary,
    [property: Description("Up to five short lower-case tags."), MaxLength(5)] IReadOnlyList<string> Tags);

/// <summary>A company's size by headcount.</summary>
public enum SizeBand
{
    Unknown,

    /// <summary>1 person.</summary>
    Solo,

    /// <summary>2–50.</summary>
    Small,

    /// <summary>51–500.</summary>
    Medium,

    /// <summary>501–5,000.</summary>
    Large,

    /// <summary>More than 5,000.</summary>
    Enterprise,
}

/// <summary>Where a lead is based.</summary>
public enum Region
{
    Unknown,
    NorthAmerica,
    LatinAmerica,
    Europe,
    MiddleEastAndAfrica,
    AsiaPacific,
}

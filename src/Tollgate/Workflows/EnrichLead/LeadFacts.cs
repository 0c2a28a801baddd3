using System.ComponentModel;

namespace Tollgate.Workflows.EnrichLead;

/// <summary>What the notes state about a lead; null where they say nothing.</summary>
public sealed record LeadFacts(
    string? CompanyName,
    string? ContactName,
    string? ContactRole,
    [property: Description("Headcount if the notes state it.")] int? Employees,
    string? Location,
    [property: Description("Products or services the notes mention.")] IReadOnlyList<string> Products,
    [property: Description("What the notes say the lead needs, in one sentence.")] string Need);

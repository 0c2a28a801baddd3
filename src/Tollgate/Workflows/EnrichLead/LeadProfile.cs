using System.ComponentModel;

namespace Tollgate.Workflows.EnrichLead;

/// <summary>The answer of <c>enrich-lead</c>.</summary>
public sealed record LeadProfile(
    string Industry,
    SizeBand SizeBand,
    Region Region,
    [property: Description("Two sentences.")] string Summary,
    [property: Description("Up to five short lower-case tags.")] IReadOnlyList<string> Tags);

using System.ComponentModel;

namespace Tollgate.Workflows.Classify;

/// <summary>The answer of <c>classify</c>.</summary>
public sealed record Classification(
    [property: Description("One of the categories listed in the request.")] string Category,
    Priority Priority,
    [property: Description("How sure the classification is, from 0 to 1.")] double Confidence,
    [property: Description("One sentence on why.")] string Reason);

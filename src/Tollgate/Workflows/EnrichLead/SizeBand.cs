namespace Tollgate.Workflows.EnrichLead;

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

namespace Tollgate.Workflows.Classify;

/// <summary>How soon a classified message needs a person.</summary>
public enum Priority
{
    Low,
    Normal,
    High,
    Urgent,
}

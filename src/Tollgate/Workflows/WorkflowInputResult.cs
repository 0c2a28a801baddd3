namespace Tollgate.Workflows;

/// <summary>A validated input, or the field that is wrong and why.</summary>
public sealed record WorkflowInputResult(object? Input, string? Field, string? Problem)
{
    public static WorkflowInputResult Valid(object input) => new(input, null, null);

    public static WorkflowInputResult Invalid(string field, string problem) => new(null, field, problem);
}

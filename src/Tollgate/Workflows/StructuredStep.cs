using Tollgate.Outputs;

namespace Tollgate.Workflows;

/// <summary>
/// A model step whose answer is a <typeparamref name="T"/>: its strict JSON schema is derived from the type (and
/// checked when the workflow catalog loads), sent as the response format, and every answer is validated against it.
/// </summary>
public sealed class StructuredStep<T>(string name, string promptId, int promptVersion, int maxOutputTokens, int minOutputTokens)
    : ModelStep(name, promptId, promptVersion, maxOutputTokens, minOutputTokens)
    where T : class
{
    private readonly Lazy<OutputSchema> _schema = new(OutputSchema.For<T>);

    public override OutputSchema Schema => _schema.Value;
}

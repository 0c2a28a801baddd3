using Tollgate.Outputs;

namespace Tollgate.Workflows;

/// <summary>A model step whose answer is free text.</summary>
public sealed class TextStep(string name, string promptId, int promptVersion, int maxOutputTokens, int minOutputTokens)
    : ModelStep(name, promptId, promptVersion, maxOutputTokens, minOutputTokens)
{
    public override OutputSchema? Schema => null;
}

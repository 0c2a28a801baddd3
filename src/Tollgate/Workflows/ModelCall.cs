using Tollgate.Outputs;

namespace Tollgate.Workflows;

/// <summary>
/// What a workflow step asks of a model. <see cref="MaxOutputTokens"/> is the most output it may buy;
/// <see cref="MinOutputTokens"/> the least that is still useful when the budget or the run's cost ceiling runs low.
/// <see cref="Output"/> is the schema a structured step's answer must satisfy.
/// </summary>
public sealed record ModelCall(string Step, string PromptId, int PromptVersion, IReadOnlyDictionary<string, string> Variables,
    int MaxOutputTokens, int MinOutputTokens, OutputSchema? Output = null);

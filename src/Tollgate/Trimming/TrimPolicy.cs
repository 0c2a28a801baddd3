namespace Tollgate.Trimming;

/// <summary>
/// One prompt variable a step lets Tollgate trim, with the real tokenizer, until input plus the output cap fits the
/// target deployment's context window. Without one, a prompt that does not fit is refused (and falls back).
/// </summary>
public sealed record TrimPolicy(string Variable, TrimStrategy Strategy);

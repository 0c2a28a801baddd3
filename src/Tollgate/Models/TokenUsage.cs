namespace Tollgate.Models;

/// <summary>
/// Provider-reported usage. Cached input tokens are part of <see cref="InputTokens"/>; reasoning
/// tokens are part of <see cref="OutputTokens"/> (both as the OpenAI API reports them).
/// </summary>
public sealed record TokenUsage(int InputTokens, int CachedInputTokens, int OutputTokens, int ReasoningTokens)
{
    public static readonly TokenUsage None = new(0, 0, 0, 0);

    public int TotalTokens => InputTokens + OutputTokens;

    public TokenUsage Add(TokenUsage other) => new(
        InputTokens + other.InputTokens,
        CachedInputTokens + other.CachedInputTokens,
        OutputTokens + other.OutputTokens,
        ReasoningTokens + other.ReasoningTokens);
}

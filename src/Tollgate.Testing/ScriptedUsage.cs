namespace Tollgate.Testing;

/// <summary>Usage a <see cref="ScriptedAnswer"/> reports, as the OpenAI API reports it.</summary>
public sealed record ScriptedUsage(int InputTokens, int OutputTokens, int CachedInputTokens = 0, int ReasoningTokens = 0);

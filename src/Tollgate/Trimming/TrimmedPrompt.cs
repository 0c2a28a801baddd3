using Tollgate.Prompts;

namespace Tollgate.Trimming;

/// <summary>
/// What <see cref="ContextTrimmer.Fit"/> made of a prompt: the messages to send (with
/// <see cref="RenderedPrompt.TrimmedTokens"/> set) and their counted input, which plus the output cap fits the window.
/// </summary>
public sealed record TrimmedPrompt(RenderedPrompt Prompt, int CountedInputTokens);

using Tollgate.Models;
using Tollgate.Prompts;

namespace Tollgate.Trimming;

/// <summary>
/// Shrinks a step's trimmable variable, with the real tokenizer, until the whole request (counted as the gateway
/// counts it: every message, a repair's extra ones, the schema) plus the output cap fits one deployment's context
/// window — and keeps as much of the variable as fits. Called per attempt, so a fallback with a smaller window gets
/// a trim of its own.
/// </summary>
/// <remarks>
/// The first cut comes from the tokenizer (<see cref="TokenCounter.HeadLength"/>, <see cref="TokenCounter.TailStart"/>):
/// the variable's token budget is the window, less the cap, less the request with the variable at its smallest (empty,
/// or the elision marker alone). A cut can merge with the text around it into a different count, so the whole request
/// is counted again: it shrinks by what it still overshoots, then grows a token at a time while it still fits.
/// </remarks>
public sealed class ContextTrimmer(TokenCounter tokens)
{
    /// <summary>What stands in for the cut middle with <see cref="TrimStrategy.HeadAndTail"/> (its tokens are counted).</summary>
    public const string ElisionMarker = "\n[…]\n";

    /// <summary>Most full recounts spent growing a fitting cut towards the window (each adds about one token).</summary>
    private const int MaxGrowSteps = 8;

    /// <summary>
    /// The prompt of <paramref name="template"/> with <paramref name="policy"/>'s variable cut so that
    /// <paramref name="countInput"/> of it plus <paramref name="maxOutputTokens"/> is at most
    /// <paramref name="contextWindow"/>, as large as that allows; unchanged (nothing trimmed) when it already fits.
    /// Null when it cannot fit even with the variable at its smallest, or the variables do not have it.
    /// </summary>
    public TrimmedPrompt? Fit(PromptTemplate template, IReadOnlyDictionary<string, string> variables, TrimPolicy policy,
        int contextWindow, int maxOutputTokens, Func<RenderedPrompt, int> countInput)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(countInput);
        if (!variables.TryGetValue(policy.Variable, out string? value))
        {
            return null;
        }

        int limit = contextWindow - maxOutputTokens;
        RenderedPrompt whole = template.Render(variables);
        int wholeCount = countInput(whole);
        if (wholeCount <= limit)
        {
            return new TrimmedPrompt(whole, wholeCount);
        }

        RenderedPrompt With(string kept) =>
            template.Render(new Dictionary<string, string>(variables, StringComparer.Ordinal) { [policy.Variable] = kept });

        string smallest = policy.Strategy == TrimStrategy.HeadAndTail ? ElisionMarker : "";
        RenderedPrompt best = With(smallest);
        int bestCount = countInput(best);
        if (bestCount > limit)
        {
            return null;
        }

        // Shrink from the tokenizer's estimate until the whole request fits...
        int valueTokens = tokens.Count(value);
        int budget = Math.Min(limit - bestCount, valueTokens);
        string? kept = null;
        while (budget > 0)
        {
            kept = Keep(value, policy.Strategy, budget);
            RenderedPrompt candidate = With(kept);
            int count = countInput(candidate);
            if (count <= limit)
            {
                (best, bestCount) = (candidate, count);
                break;
            }

            budget -= Math.Max(1, count - limit);
        }

        // ... then grow while one more token still fits (a merge at the cut can leave room).
        for (int step = 0; step < MaxGrowSteps && budget > 0 && bestCount < limit && budget < valueTokens; step++)
        {
            string more = Keep(value, policy.Strategy, budget + 1);
            budget++;
            if (more == kept)
            {
                continue;
            }

            RenderedPrompt candidate = With(more);
            int count = countInput(candidate);
            if (count > limit)
            {
                break;
            }

            (best, bestCount, kept) = (candidate, count, more);
        }

        return new TrimmedPrompt(best with { TrimmedTokens = wholeCount - bestCount }, bestCount);
    }

    /// <summary>The part of <paramref name="value"/> the strategy keeps within <paramref name="budget"/> tokens.</summary>
    private string Keep(string value, TrimStrategy strategy, int budget)
    {
        switch (strategy)
        {
            case TrimStrategy.KeepHead:
                return value[..tokens.HeadLength(value, budget)];
            case TrimStrategy.KeepTail:
                return value[tokens.TailStart(value, budget)..];
            case TrimStrategy.HeadAndTail:
                int headTokens = (budget + 1) / 2;
                int head = tokens.HeadLength(value, headTokens);
                int tail = Math.Max(head, tokens.TailStart(value, budget - headTokens));
                return string.Concat(value.AsSpan(0, head), ElisionMarker, value.AsSpan(tail));
            default:
                throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown trim strategy.");
        }
    }
}

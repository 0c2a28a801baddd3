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
/// is counted again: the budget shrinks by what it still overshoots, then grows by what is still free while that
/// fits. Only the kept text is counted again, never the whole variable, so a trim costs a few counts of a window's
/// worth of tokens (docs/benchmarks.md).
/// </remarks>
public sealed class ContextTrimmer(TokenCounter tokens)
{
    /// <summary>What stands in for the cut middle with <see cref="TrimStrategy.HeadAndTail"/> (its tokens are counted).</summary>
    public const string ElisionMarker = "\n[…]\n";

    /// <summary>Most counts spent growing a fitting cut towards the window.</summary>
    private const int MaxGrowSteps = 4;

    /// <summary>
    /// The prompt of <paramref name="template"/> with <paramref name="policy"/>'s variable cut so that
    /// <paramref name="countInput"/> of it plus <paramref name="maxOutputTokens"/> is at most
    /// <paramref name="contextWindow"/>, as large as that allows; unchanged (nothing trimmed) when it already fits.
    /// Null when it cannot fit even with the variable at its smallest, or the variables do not have it.
    /// <paramref name="countedInput"/> is the untrimmed prompt's count when the caller has it (it is not counted again).
    /// </summary>
    public TrimmedPrompt? Fit(PromptTemplate template, IReadOnlyDictionary<string, string> variables, TrimPolicy policy,
        int contextWindow, int maxOutputTokens, Func<RenderedPrompt, int> countInput, int? countedInput = null)
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
        int wholeCount = countedInput ?? countInput(template.Render(variables));
        if (wholeCount <= limit)
        {
            return new TrimmedPrompt(template.Render(variables), wholeCount);
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
        int budget = limit - bestCount;
        string kept = smallest;
        while (budget > 0)
        {
            string candidate = Keep(value, policy.Strategy, budget);
            RenderedPrompt prompt = With(candidate);
            int count = countInput(prompt);
            if (count <= limit)
            {
                (best, bestCount, kept) = (prompt, count, candidate);
                break;
            }

            budget -= Math.Max(1, count - limit);
        }

        // ... then grow by what is still free (a merge at a cut can leave room), a token at a time once that overshoots.
        int step = limit - bestCount;
        for (int tries = 0; tries < MaxGrowSteps && budget > 0 && step > 0; tries++)
        {
            string candidate = Keep(value, policy.Strategy, budget + step);
            if (candidate.Length <= kept.Length || Covers(candidate, value, policy.Strategy))
            {
                break;
            }

            RenderedPrompt prompt = With(candidate);
            int count = countInput(prompt);
            if (count <= limit)
            {
                (best, bestCount, kept, budget) = (prompt, count, candidate, budget + step);
                step = limit - bestCount;
            }
            else
            {
                step = step > 1 ? 1 : 0;
            }
        }

        return new TrimmedPrompt(best with { TrimmedTokens = wholeCount - bestCount }, bestCount);
    }

    /// <summary>Whether <paramref name="candidate"/> keeps all of <paramref name="value"/> (growing further cannot help).</summary>
    private static bool Covers(string candidate, string value, TrimStrategy strategy) =>
        candidate.Length >= value.Length + (strategy == TrimStrategy.HeadAndTail ? ElisionMarker.Length : 0);

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

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
/// is counted again: the cut moves back by what it still overshoots, then forward by what is still free while that
/// fits. Each move tokenizes only the few tokens it adds or drops at a cut, so a trim costs one tokenization of the
/// kept text and a few counts of the request (docs/benchmarks.md).
/// </remarks>
public sealed class ContextTrimmer(TokenCounter tokens)
{
    /// <summary>What stands in for the cut middle with <see cref="TrimStrategy.HeadAndTail"/> (its tokens are counted).</summary>
    public const string ElisionMarker = "\n[…]\n";

    /// <summary>Most counts spent moving a fitting cut forward into the room left.</summary>
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

        TrimStrategy strategy = policy.Strategy;
        RenderedPrompt With(Cut cut) =>
            template.Render(new Dictionary<string, string>(variables, StringComparer.Ordinal) { [policy.Variable] = Kept(value, strategy, cut) });

        var nothing = new Cut(0, value.Length);
        RenderedPrompt best = With(nothing);
        int bestCount = countInput(best);
        if (bestCount > limit)
        {
            return null;
        }

        // The tokenizer's first cut, moved back until the whole request fits...
        Cut cut = First(value, strategy, limit - bestCount);
        Cut? fitted = null;
        while (cut != nothing)
        {
            RenderedPrompt prompt = With(cut);
            int count = countInput(prompt);
            if (count <= limit)
            {
                (best, bestCount, fitted) = (prompt, count, cut);
                break;
            }

            Cut back = Move(value, strategy, cut, -(count - limit));
            cut = back == cut ? nothing : back;
        }

        // ... then forward into the room a merge at a cut left: by all of it, then a token at a time.
        int maxStep = int.MaxValue;
        for (int tries = 0; fitted is { } current && tries < MaxGrowSteps && bestCount < limit; tries++)
        {
            int step = Math.Min(limit - bestCount, maxStep);
            Cut forward = Move(value, strategy, current, step);
            if (forward == current)
            {
                break;
            }

            RenderedPrompt prompt = With(forward);
            int count = countInput(prompt);
            if (count <= limit)
            {
                (best, bestCount, fitted) = (prompt, count, forward);
            }
            else if (step > 1)
            {
                maxStep = 1;
            }
            else
            {
                break;
            }
        }

        return new TrimmedPrompt(best with { TrimmedTokens = wholeCount - bestCount }, bestCount);
    }

    /// <summary>What a cut keeps: <c>value[..Head]</c> and <c>value[Tail..]</c>, as the strategy joins them.</summary>
    private static string Kept(string value, TrimStrategy strategy, Cut cut) => strategy switch
    {
        TrimStrategy.KeepHead => value[..cut.Head],
        TrimStrategy.KeepTail => value[cut.Tail..],
        TrimStrategy.HeadAndTail => string.Concat(value.AsSpan(0, cut.Head), ElisionMarker, value.AsSpan(cut.Tail)),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown trim strategy."),
    };

    /// <summary>The cut that keeps <paramref name="budget"/> tokens of <paramref name="value"/>, as the strategy takes them.</summary>
    private Cut First(string value, TrimStrategy strategy, int budget)
    {
        (int headTokens, int tailTokens) = Split(strategy, budget);
        int head = tokens.HeadLength(value, headTokens);
        return new Cut(head, Math.Max(head, tokens.TailStart(value, tailTokens)));
    }

    /// <summary>
    /// <paramref name="cut"/> keeping <paramref name="delta"/> more tokens (fewer, when negative): only the tokens
    /// added or dropped at each cut are tokenized.
    /// </summary>
    private Cut Move(string value, TrimStrategy strategy, Cut cut, int delta)
    {
        (int headTokens, int tailTokens) = Split(strategy, Math.Abs(delta));
        if (delta < 0)
        {
            // Drop the head's last tokens and the tail's first ones; what one side lacks, the other gives.
            if (cut.Head == 0)
            {
                (headTokens, tailTokens) = (0, headTokens + tailTokens);
            }
            else if (cut.Tail == value.Length)
            {
                (headTokens, tailTokens) = (headTokens + tailTokens, 0);
            }

            int head = headTokens > 0 ? tokens.TailStart(value.AsSpan(0, cut.Head), headTokens) : cut.Head;
            int tail = tailTokens > 0 ? cut.Tail + tokens.HeadLength(value.AsSpan(cut.Tail), tailTokens) : cut.Tail;
            return new Cut(head, tail);
        }

        int grownHead = cut.Head + tokens.HeadLength(value.AsSpan(cut.Head, cut.Tail - cut.Head), headTokens);
        int grownTail = grownHead + tokens.TailStart(value.AsSpan(grownHead, cut.Tail - grownHead), tailTokens);
        return new Cut(grownHead, grownTail);
    }

    /// <summary>How many of <paramref name="budget"/> tokens the head and the tail get.</summary>
    private static (int Head, int Tail) Split(TrimStrategy strategy, int budget) => strategy switch
    {
        TrimStrategy.KeepHead => (budget, 0),
        TrimStrategy.KeepTail => (0, budget),
        TrimStrategy.HeadAndTail => ((budget + 1) / 2, budget / 2),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown trim strategy."),
    };

    /// <summary>Kept: the variable's characters before <see cref="Head"/> and from <see cref="Tail"/> on.</summary>
    private readonly record struct Cut(int Head, int Tail);
}

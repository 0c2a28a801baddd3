using System.Diagnostics;
using System.Globalization;
using Tollgate.Models;
using Tollgate.Prompts;
using Tollgate.Trimming;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Benchmarks;

/// <summary>
/// What trimming costs per call: the gateway's tokenizer work for a summarize prompt that fits its window (render and
/// count, as every call does) beside the same work for one that must be trimmed (render, count, then
/// <see cref="ContextTrimmer.Fit"/> to the window), in the same process and run. Each measured call gets a text of its
/// own, so the tokenizer's cache of words helps no more than it would across real calls. No storage, no HTTP.
/// </summary>
internal static class TrimBenchmark
{
    private static readonly string[] Words =
    [
        "the", "invoice", "customer", "reported", "that", "payment", "was", "charged", "twice", "after", "upgrade", "support",
        "ticket", "escalated", "engineering", "deployment", "failed", "because", "quota", "exceeded", "region", "latency",
        "increased", "during", "peak", "hours", "and", "refund", "requested", "within", "days", "account", "locked",
        "password", "reset", "email", "never", "arrived", "Müller", "naïve", "café", "東京", "déjà", "vu", "résumé",
    ];

    private static readonly (int Characters, int Window)[] Cases =
    [
        (10_000, 1_024),
        (SummarizeWorkflow.MaxTextLength, 4_096),
        (SummarizeWorkflow.MaxTextLength, 16_384),
    ];

    public static int Run(int calls)
    {
        var tokens = new TokenCounter();
        var trimmer = new ContextTrimmer(tokens);
        PromptTemplate template = SummarizeWorkflow.Summary.Prompt;
        TrimPolicy policy = SummarizeWorkflow.Summary.Trim!;
        int cap = SummarizeWorkflow.Summary.MaxOutputTokens;
        int recounts = 0;
        int Count(RenderedPrompt p)
        {
            recounts++;
            return tokens.CountChat([("system", p.System), ("user", p.User)]);
        }

        // Warm-up: JIT (past tiered compilation's first tier) and the tokenizer's tables.
        foreach ((int characters, int window) in Cases)
        {
            for (int i = 0; i < 30; i++)
            {
                Dictionary<string, string> warm = Variables(Text(characters, -1 - i));
                _ = trimmer.Fit(template, warm, policy, window, cap, Count, Count(template.Render(warm)));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls per row: {calls} (each with a text of its own); {Environment.ProcessorCount} cores"));
        Console.WriteLine("| text | tokens | window | untrimmed call: render + count (median / p90) | trimmed call: render + count + trim (median / p90) | trim overhead (median) | chat counts inside the trim | tokens trimmed |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        int seed = 0;
        foreach ((int characters, int window) in Cases)
        {
            var untrimmed = new List<double>();
            var trimmed = new List<double>();
            var counts = new List<int>();
            int inputTokens = 0;
            int trimmedTokens = 0;
            for (int i = 0; i < calls; i++)
            {
                // The untrimmed call: what every call costs, whatever its size.
                Dictionary<string, string> plain = Variables(Text(characters, seed++));
                long started = Stopwatch.GetTimestamp();
                inputTokens = Count(template.Render(plain));
                untrimmed.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                // The trimmed call: the same count, then the fit to the window.
                Dictionary<string, string> cut = Variables(Text(characters, seed++));
                recounts = 0;
                started = Stopwatch.GetTimestamp();
                int whole = Count(template.Render(cut));
                TrimmedPrompt fitted = whole + cap > window
                    ? trimmer.Fit(template, cut, policy, window, cap, Count, whole) ?? throw new InvalidOperationException("Nothing fits.")
                    : throw new InvalidOperationException("The case must need trimming.");
                trimmed.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                counts.Add(recounts - 1);
                trimmedTokens = fitted.Prompt.TrimmedTokens;
                if (fitted.CountedInputTokens + cap > window)
                {
                    throw new InvalidOperationException("A trimmed prompt does not fit.");
                }
            }

            double overhead = Percentile(trimmed, 0.5) - Percentile(untrimmed, 0.5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {characters:N0} chars | ~{inputTokens:N0} | {window:N0} | {Percentile(untrimmed, 0.5):F2} / {Percentile(untrimmed, 0.9):F2} ms | {Percentile(trimmed, 0.5):F2} / {Percentile(trimmed, 0.9):F2} ms | {overhead:+0.00;-0.00} ms | {counts.Min()}-{counts.Max()} | ~{trimmedTokens:N0} |"));
        }

        return 0;
    }

    private static Dictionary<string, string> Variables(string text) => new() { ["text"] = text };

    /// <summary>Prose-like text of <paramref name="characters"/> characters, different for each seed.</summary>
    private static string Text(int characters, int seed)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder(characters + 32);
        while (text.Length < characters)
        {
            text.Append(Words[random.Next(Words.Length)]);
            text.Append(random.Next(12) switch
            {
                0 => ". ",
                1 => ", ",
                2 => string.Create(CultureInfo.InvariantCulture, $" {random.Next(100_000)} "),
                _ => " ",
            });
        }

        return text.ToString(0, characters);
    }

    private static double Percentile(List<double> samples, double p)
    {
        double[] sorted = [.. samples.Order()];
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
    }
}

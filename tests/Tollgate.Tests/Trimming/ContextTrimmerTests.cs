using System.Globalization;
using Tollgate.Models;
using Tollgate.Prompts;
using Tollgate.Trimming;

namespace Tollgate.Tests.Trimming;

/// <summary>
/// The trimmer against the real o200k_base tokenizer and the shipped summarize prompt: what each strategy keeps, that
/// the whole request then fits the window exactly (not one token over, and no room for another token), how many tokens
/// it records as trimmed, and when it gives up.
/// </summary>
public sealed class ContextTrimmerTests
{
    private const int Cap = 256;

    private static readonly TokenCounter Tokens = new();
    private static readonly ContextTrimmer Trimmer = new(Tokens);
    private static readonly PromptTemplate Summarize = PromptCatalog.SummarizeV1;

    /// <summary>Varied English, so that token boundaries do not repeat.</summary>
    private static readonly string LongText = string.Join(' ', Enumerable.Range(1, 400).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $"Sentence {i} says that invoice {i * 37 % 1000} was paid on day {i % 28 + 1}.")));

    private static int Count(RenderedPrompt prompt) => Tokens.CountChat([("system", prompt.System), ("user", prompt.User)]);

    private static Dictionary<string, string> Text(string text) => new() { ["text"] = text };

    [Theory]
    [InlineData(TrimStrategy.KeepHead, 600)]
    [InlineData(TrimStrategy.KeepTail, 600)]
    [InlineData(TrimStrategy.HeadAndTail, 600)]
    [InlineData(TrimStrategy.KeepHead, 2_000)]
    [InlineData(TrimStrategy.KeepTail, 2_000)]
    [InlineData(TrimStrategy.HeadAndTail, 2_000)]
    public void TheTrimmedPromptFitsTheWindowExactly(TrimStrategy strategy, int window)
    {
        int whole = Count(Summarize.Render(Text(LongText)));
        Assert.True(whole + Cap > window);

        TrimmedPrompt trimmed = Fit(LongText, strategy, window)!;

        Assert.Equal(Count(trimmed.Prompt), trimmed.CountedInputTokens);
        Assert.InRange(trimmed.CountedInputTokens + Cap, window - 1, window);
        Assert.Equal(whole - trimmed.CountedInputTokens, trimmed.Prompt.TrimmedTokens);
        Assert.Same(Summarize, trimmed.Prompt.Template);
    }

    [Fact]
    public void KeepHeadKeepsTheBeginning()
    {
        string kept = KeptText(Fit(LongText, TrimStrategy.KeepHead, 600)!);

        Assert.StartsWith("Sentence 1 says", kept, StringComparison.Ordinal);
        Assert.StartsWith(kept, LongText, StringComparison.Ordinal);
        Assert.True(kept.Length < LongText.Length / 2);
    }

    [Fact]
    public void KeepTailKeepsTheEnd()
    {
        string kept = KeptText(Fit(LongText, TrimStrategy.KeepTail, 600)!);

        Assert.EndsWith("was paid on day 9.", kept, StringComparison.Ordinal);
        Assert.EndsWith(kept, LongText, StringComparison.Ordinal);
        Assert.True(kept.Length < LongText.Length / 2);
    }

    [Fact]
    public void HeadAndTailKeepsBothEndsAroundTheMarker()
    {
        string kept = KeptText(Fit(LongText, TrimStrategy.HeadAndTail, 600)!);

        int marker = kept.IndexOf(ContextTrimmer.ElisionMarker, StringComparison.Ordinal);
        Assert.True(marker > 0);
        string head = kept[..marker];
        string tail = kept[(marker + ContextTrimmer.ElisionMarker.Length)..];
        Assert.StartsWith(head, LongText, StringComparison.Ordinal);
        Assert.EndsWith(tail, LongText, StringComparison.Ordinal);
        // The budget is split evenly: neither end gets all of it.
        Assert.InRange(Tokens.Count(head), Tokens.Count(tail) - 2, Tokens.Count(tail) + 2);
    }

    [Fact]
    public void APromptThatFitsIsLeftAlone()
    {
        TrimmedPrompt fitted = Fit("Short enough.", TrimStrategy.HeadAndTail, 2_000)!;

        Assert.Equal(Summarize.Render(Text("Short enough.")), fitted.Prompt);
        Assert.Equal(0, fitted.Prompt.TrimmedTokens);
    }

    [Fact]
    public void WhenEvenTheSmallestVariableDoesNotFitThereIsNoTrim()
    {
        int empty = Count(Summarize.Render(Text("")));

        Assert.Null(Fit(LongText, TrimStrategy.KeepHead, empty + Cap - 1));
        Assert.NotNull(Fit(LongText, TrimStrategy.KeepHead, empty + Cap));
        // The marker is part of the smallest head-and-tail prompt.
        Assert.Null(Fit(LongText, TrimStrategy.HeadAndTail, empty + Cap));
    }

    [Fact]
    public void AVariableThePromptIsNotGivenIsNotTrimmed()
    {
        Assert.Null(Trimmer.Fit(Summarize, Text(LongText), new TrimPolicy("other", TrimStrategy.KeepHead), 600, Cap, Count));
    }

    [Fact]
    public void WhatElseTheRequestSendsIsCountedToo()
    {
        // A repair's extra messages or a schema: the count the gateway gives the trimmer includes them.
        const int Extra = 120;
        TrimmedPrompt trimmed = Trimmer.Fit(Summarize, Text(LongText), new TrimPolicy("text", TrimStrategy.KeepHead), 1_000, Cap,
            p => Count(p) + Extra)!;

        Assert.InRange(trimmed.CountedInputTokens + Cap, 999, 1_000);
        Assert.Equal(Count(trimmed.Prompt) + Extra, trimmed.CountedInputTokens);
    }

    [Theory]
    [InlineData(TrimStrategy.KeepHead)]
    [InlineData(TrimStrategy.KeepTail)]
    [InlineData(TrimStrategy.HeadAndTail)]
    public void NonAsciiTextIsCutBetweenCharactersAndStillFits(TrimStrategy strategy)
    {
        // Emoji (surrogate pairs), CJK and accented text: o200k tokens can end inside a character's bytes.
        string text = string.Concat(Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? "😀🚀 " : i % 3 == 1 ? "東京都の天気は晴れ。" : "café déjà vu "));

        TrimmedPrompt trimmed = Fit(text, strategy, 500)!;

        Assert.True(trimmed.CountedInputTokens + Cap <= 500);
        Assert.True(trimmed.Prompt.TrimmedTokens > 0);
        string kept = KeptText(trimmed);
        for (int i = 0; i < kept.Length; i++)
        {
            Assert.False(char.IsLowSurrogate(kept[i]) && (i == 0 || !char.IsHighSurrogate(kept[i - 1])), $"lone low surrogate at {i}");
            Assert.False(char.IsHighSurrogate(kept[i]) && (i == kept.Length - 1 || !char.IsLowSurrogate(kept[i + 1])), $"lone high surrogate at {i}");
        }
    }

    [Fact]
    public void ASmallerWindowTrimsMore()
    {
        TrimmedPrompt large = Fit(LongText, TrimStrategy.HeadAndTail, 2_000)!;
        TrimmedPrompt small = Fit(LongText, TrimStrategy.HeadAndTail, 600)!;

        Assert.Equal(1_400, small.Prompt.TrimmedTokens - large.Prompt.TrimmedTokens, tolerance: 2);
    }

    private static TrimmedPrompt? Fit(string text, TrimStrategy strategy, int window) =>
        Trimmer.Fit(Summarize, Text(text), new TrimPolicy("text", strategy), window, Cap, Count);

    /// <summary>The text between the summarize prompt's markers.</summary>
    private static string KeptText(TrimmedPrompt trimmed)
    {
        string user = trimmed.Prompt.User;
        int start = user.IndexOf("<<<TEXT\n", StringComparison.Ordinal) + "<<<TEXT\n".Length;
        int end = user.LastIndexOf("\nTEXT>>>", StringComparison.Ordinal);
        return user[start..end];
    }
}

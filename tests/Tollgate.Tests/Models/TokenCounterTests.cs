using Microsoft.ML.Tokenizers;
using Tollgate.Models;

namespace Tollgate.Tests.Models;

/// <summary>
/// The counter against facts that do not come from its own code: hand-checked o200k_base tokenisations, and
/// the prompt_tokens OpenAI's API reference reports for its documented requests. (That the count equals what
/// the simulator reports for a real run is asserted end to end in SummarizeRunTests.)
/// </summary>
public sealed class TokenCounterTests
{
    private static readonly TokenCounter Counter = new();

    [Theory]
    [InlineData("", 0)]
    [InlineData("hello world", 2)]                    // "hello", " world"
    [InlineData("Hello, world!", 4)]                  // "Hello", ",", " world", "!"
    [InlineData("Say this is a test!", 6)]            // "Say", " this", " is", " a", " test", "!"
    [InlineData("You are a helpful assistant.", 6)]   // "You", " are", " a", " helpful", " assistant", "."
    [InlineData("system", 1)]
    [InlineData("user", 1)]
    [InlineData("assistant", 1)]
    public void CountIsTheKnownO200kCount(string text, int expected)
    {
        Assert.Equal(expected, Counter.Count(text));
    }

    [Fact]
    public void AChatCountsWhatTheProviderReportsAsPromptTokens()
    {
        // OpenAI's API reference: this request is answered with "prompt_tokens": 19 …
        Assert.Equal(19, Counter.CountChat([("system", "You are a helpful assistant."), ("user", "Hello!")]));

        // … and its quickstart's "Say this is a test!" with "prompt_tokens": 13.
        Assert.Equal(13, Counter.CountChat([("user", "Say this is a test!")]));
    }

    [Fact]
    public void EachMessageAddsItsRoleItsContentAndThreeAndTheReplyIsPrimedWithThree()
    {
        Assert.Equal(3, Counter.CountChat([]));
        Assert.Equal(3 + 1 + 3, Counter.CountChat([("user", "")]));
        Assert.Equal(3 + (1 + 2 + 3) + (1 + 4 + 3), Counter.CountChat([("system", "hello world"), ("user", "Hello, world!")]));
    }

    [Fact]
    public void TheEncodingIsTheGpt4oFamilysNotTheOlderOne()
    {
        // o200k_base has far more non-English tokens than cl100k_base (GPT-4, GPT-3.5): counting with the
        // older encoding would over-reserve every such prompt.
        const string Japanese = "日本語のテキストを要約してください。東京は日本の首都です。";
        Tokenizer cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");

        Assert.True(Counter.Count(Japanese) < cl100k.CountTokens(Japanese),
            $"{Counter.Count(Japanese)} tokens is not fewer than cl100k_base's {cl100k.CountTokens(Japanese)}.");
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "Say")]
    [InlineData(3, "Say this is")]
    [InlineData(6, "Say this is a test!")]
    [InlineData(60, "Say this is a test!")]
    public void HeadLengthIsTheLongestStartWithinTheTokens(int maxTokens, string head)
    {
        Assert.Equal(head.Length, Counter.HeadLength("Say this is a test!", maxTokens));
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "!")]
    [InlineData(3, " a test!")]
    [InlineData(6, "Say this is a test!")]
    [InlineData(60, "Say this is a test!")]
    public void TailStartIsWhereTheLongestEndWithinTheTokensStarts(int maxTokens, string tail)
    {
        const string Text = "Say this is a test!";
        Assert.Equal(Text.Length - tail.Length, Counter.TailStart(Text, maxTokens));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(700)]
    [InlineData(6_000)]
    public void TailStartOfALongTextTokenizesOnlyItsEndButCutsWhereTheWholeTextWould(int maxTokens)
    {
        string text = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => i % 7 == 0 ? "Grüße aus 東京, " + i : "word" + (i % 13)));
        int whole = TiktokenTokenizer.CreateForModel("gpt-4o").GetIndexByTokenCountFromEnd(text, maxTokens, out _, out _);

        Assert.Equal(whole, Counter.TailStart(text, maxTokens));
    }
}

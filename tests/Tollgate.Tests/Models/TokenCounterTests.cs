using Microsoft.ML.Tokenizers;
using Tollgate.ModelSimulator;
using Tollgate.Models;
using Tollgate.Prompts;

namespace Tollgate.Tests.Models;

public sealed class TokenCounterTests
{
    private static readonly TokenCounter Counter = new();
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public static TheoryData<string> Texts => new()
    {
        "",
        "Hello, world!",
        "Tollgate counts, caps, budgets and records every model call.",
        "Ünïcödé wörds, naïve café, Straße",
        "日本語のテキストを要約してください。",
        "Добрый день, как дела?",
        "emoji 👩‍💻🚀 and math ∑∫√",
        "    indented\n\tcode();\r\n{ \"json\": [1, 2, 3] }",
        "{{text}} <<<TEXT\n>>>",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void CountMatchesTheO200kEncoding(string text)
    {
        Assert.Equal(O200k.CountTokens(text), Counter.Count(text));
    }

    [Theory]
    [InlineData("Hello, world!", 4)]
    [InlineData("hello world", 2)]
    public void CountIsTheKnownO200kCount(string text, int expected)
    {
        Assert.Equal(expected, Counter.Count(text));
    }

    [Fact]
    public void CountChatIsRoleAndContentPlusThreePerMessagePlusThreeForTheReply()
    {
        (string Role, string Content)[] messages =
        [
            ("system", "You summarise text."),
            ("user", "Summarise: 日本語のテキスト 👩‍💻"),
            ("assistant", ""),
        ];

        int expected = messages.Sum(m => O200k.CountTokens(m.Role) + O200k.CountTokens(m.Content) + 3) + 3;

        Assert.Equal(expected, Counter.CountChat(messages));
    }

    [Fact]
    public void CountChatOfNoMessagesIsTheReplyPriming()
    {
        Assert.Equal(3, Counter.CountChat([]));
        Assert.Equal(3 + 3 + O200k.CountTokens("user"), Counter.CountChat([("user", "")]));
    }

    [Fact]
    public void EachStandardRoleIsOneToken()
    {
        // OpenAI's formula for the GPT-4o family: every message costs its role, its content and 3.
        foreach (string role in new[] { "system", "user", "assistant" })
        {
            Assert.Equal(1, Counter.Count(role));
            Assert.Equal(3 + 1 + 3, Counter.CountChat([(role, "")]));
        }
    }

    [Fact]
    public void CountChatOfARenderedPromptCountsBothParts()
    {
        RenderedPrompt prompt = PromptCatalog.SummarizeV1.Render(new Dictionary<string, string> { ["text"] = "A long text about tolls." });

        Assert.Equal(
            (1 + O200k.CountTokens(prompt.System) + 3) + (1 + O200k.CountTokens(prompt.User) + 3) + 3,
            Counter.CountChat([("system", prompt.System), ("user", prompt.User)]));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void TheGatewayCountsWhatTheSimulatorReports(string text)
    {
        // The simulator reports prompt usage the way the real service does; the count the gateway
        // reserves against must be the same number, or local runs would hide a mis-count.
        (string Role, string Content)[] messages = [("system", PromptCatalog.SummarizeV1.System), ("user", text)];

        Assert.Equal(ChatTokenFormula.CountPromptTokens(messages), Counter.CountChat(messages));
    }

    [Fact]
    public void CountGrowsWithTheText()
    {
        string text = string.Concat(Enumerable.Repeat("Tollgate reserves the worst case. ", 200));

        Assert.True(Counter.Count(text) > Counter.Count("Tollgate reserves the worst case. "));
        Assert.Equal(O200k.CountTokens(text), Counter.Count(text));
    }
}

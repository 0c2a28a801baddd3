using OpenAI.Chat;

namespace Tollgate.ModelSimulator.Tests;

public sealed class OutputCapTests
{
    [Fact]
    public async Task AzureClientCapTruncatesTheAnswerWithFinishReasonLength()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var client = SimulatorClients.Azure(server, "chat-mini");
        ChatMessage[] messages = [new UserChatMessage(SimulatorClients.LongText)];

        ChatCompletion natural = await client.CompleteChatAsync(messages);
        ChatCompletion capped = await client.CompleteChatAsync(messages, new ChatCompletionOptions { MaxOutputTokenCount = 5 });

        Assert.Equal(ChatFinishReason.Stop, natural.FinishReason);
        Assert.True(natural.Usage.OutputTokenCount > 5, $"natural answer has {natural.Usage.OutputTokenCount} tokens");
        Assert.Equal(ChatFinishReason.Length, capped.FinishReason);
        var cappedText = capped.Content[0].Text;
        Assert.InRange(capped.Usage.OutputTokenCount, 1, 5);
        Assert.Equal(ChatTokenFormula.CountTokens(cappedText), capped.Usage.OutputTokenCount);
        Assert.StartsWith(cappedText, natural.Content[0].Text, StringComparison.Ordinal);

        Assert.Collection(
            server.Requests,
            first => Assert.Null(first.MaxOutputTokens),
            second =>
            {
                Assert.Equal(5, second.MaxOutputTokens);
                Assert.Equal("max_tokens", second.MaxOutputTokensField);
                Assert.Equal("length", second.FinishReason);
            });
    }

    [Fact]
    public async Task OpenAIClientCapTruncatesTheAnswerWithFinishReasonLength()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var client = SimulatorClients.OpenAI(server, "gpt-4o-mini");

        ChatCompletion capped = await client.CompleteChatAsync(
            [new UserChatMessage(SimulatorClients.LongText)],
            new ChatCompletionOptions { MaxOutputTokenCount = 7 });

        Assert.Equal(ChatFinishReason.Length, capped.FinishReason);
        Assert.InRange(capped.Usage.OutputTokenCount, 1, 7);
        var recorded = Assert.Single(server.Requests);
        Assert.Equal(7, recorded.MaxOutputTokens);
        Assert.Equal("max_completion_tokens", recorded.MaxOutputTokensField);
    }

    [Fact]
    public async Task CapAboveTheNaturalLengthStopsNormally()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());

        ChatCompletion completion = await SimulatorClients.Azure(server, "chat").CompleteChatAsync(
            [new UserChatMessage(SimulatorClients.LongText)],
            new ChatCompletionOptions { MaxOutputTokenCount = 1000 });

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.InRange(completion.Usage.OutputTokenCount, 20, 70);
        Assert.Equal(1000, Assert.Single(server.Requests).MaxOutputTokens);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(13)]
    [InlineData(29)]
    public async Task EveryCapIsHonoured(int cap)
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());

        ChatCompletion completion = await SimulatorClients.Azure(server, "chat").CompleteChatAsync(
            [new UserChatMessage("Ünïcödé naïve café — 東京 😀 résumé: " + SimulatorClients.LongText)],
            new ChatCompletionOptions { MaxOutputTokenCount = cap });

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.InRange(completion.Usage.OutputTokenCount, 0, cap);
        Assert.Equal(ChatTokenFormula.CountTokens(completion.Content[0].Text), completion.Usage.OutputTokenCount);
    }
}

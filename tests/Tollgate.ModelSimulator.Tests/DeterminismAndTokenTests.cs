using System.ClientModel;
using OpenAI.Chat;

namespace Tollgate.ModelSimulator.Tests;

public sealed class DeterminismAndTokenTests
{
    [Fact]
    public async Task SameMessagesGiveTheSameContentAndIdAcrossServers()
    {
        ChatMessage[] messages = [new SystemChatMessage("Be brief."), new UserChatMessage(SimulatorClients.LongText)];
        ChatCompletion first;
        await using (var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions()))
        {
            first = await SimulatorClients.Azure(server, "chat").CompleteChatAsync(messages);
        }

        await using var other = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        ChatCompletion second = await SimulatorClients.Azure(other, "chat").CompleteChatAsync(messages);

        Assert.Equal(first.Content[0].Text, second.Content[0].Text);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Usage.OutputTokenCount, second.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task DifferentInputGivesDifferentContent()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var client = SimulatorClients.Azure(server, "chat");

        ChatCompletion a = await client.CompleteChatAsync([new UserChatMessage("Summarise the onboarding guide for new engineers.")]);
        ChatCompletion b = await client.CompleteChatAsync([new UserChatMessage("Summarise the incident report from last Tuesday.")]);
        ChatCompletion c = await client.CompleteChatAsync(
            [new SystemChatMessage("Answer in one line."), new UserChatMessage("Summarise the onboarding guide for new engineers.")]);

        Assert.NotEqual(a.Content[0].Text, b.Content[0].Text);
        Assert.NotEqual(a.Content[0].Text, c.Content[0].Text);
        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public async Task SeedIsPartOfTheDeterministicInput()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var client = SimulatorClients.OpenAI(server, "gpt-4o-mini");
        ChatMessage[] messages = [new UserChatMessage(SimulatorClients.LongText)];

        var seven = await CompleteWithSeed(client, messages, 7);
        var sevenAgain = await CompleteWithSeed(client, messages, 7);
        var eight = await CompleteWithSeed(client, messages, 8);

        Assert.Equal(seven, sevenAgain);
        Assert.NotEqual(seven, eight);
        Assert.Equal([7L, 7L, 8L], server.Requests.Select(r => r.Seed!.Value));
        Assert.All(server.Requests, r => Assert.Equal(0.5, r.Temperature!.Value, precision: 6));
    }

    [Fact]
    public void FormulaCountsRoleAndContentPlusThreePerMessagePlusThree()
    {
        var hello = ChatTokenFormula.CountTokens("Hello world");
        Assert.Equal(2, hello);
        Assert.Equal(0, ChatTokenFormula.CountTokens(""));
        Assert.Equal(1, ChatTokenFormula.CountTokens("user"));
        Assert.Equal(3, ChatTokenFormula.CountPromptTokens([]));
        Assert.Equal(1 + hello + 3 + 3, ChatTokenFormula.CountPromptTokens([("user", "Hello world")]));
        Assert.Equal(
            (1 + hello + 3) + (1 + 0 + 3) + (1 + ChatTokenFormula.CountTokens(SimulatorClients.LongText) + 3) + 3,
            ChatTokenFormula.CountPromptTokens([("system", "Hello world"), ("assistant", ""), ("user", SimulatorClients.LongText)]));
    }

    [Fact]
    public async Task PromptTokensEqualTheFormulaForAConversation()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        (string Role, string Content)[] conversation =
        [
            ("system", "You are a careful assistant."),
            ("user", "What is in the report?"),
            ("assistant", "Revenue, churn and hiring."),
            ("user", SimulatorClients.LongText),
        ];

        ChatCompletion completion = await SimulatorClients.Azure(server, "chat").CompleteChatAsync(
        [
            new SystemChatMessage(conversation[0].Content),
            new UserChatMessage(conversation[1].Content),
            new AssistantChatMessage(conversation[2].Content),
            new UserChatMessage(conversation[3].Content),
        ]);

        Assert.Equal(ChatTokenFormula.CountPromptTokens(conversation), completion.Usage.InputTokenCount);
        Assert.Equal(4, Assert.Single(server.Requests).MessageCount);
    }

    private static async Task<string> CompleteWithSeed(ChatClient client, ChatMessage[] messages, long seed)
    {
#pragma warning disable OPENAI001 // Seed is marked experimental in OpenAI 2.1.0; the simulator must still honour it.
        var options = new ChatCompletionOptions { Seed = seed, Temperature = 0.5f };
#pragma warning restore OPENAI001
        ClientResult<ChatCompletion> result = await client.CompleteChatAsync(messages, options);
        return result.Value.Content[0].Text;
    }
}

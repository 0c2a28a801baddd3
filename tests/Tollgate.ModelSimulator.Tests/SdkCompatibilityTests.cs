using OpenAI.Chat;

namespace Tollgate.ModelSimulator.Tests;

public sealed class SdkCompatibilityTests
{
    private static readonly (string Role, string Content)[] Conversation =
    [
        ("system", "You summarise documents for a finance team."),
        ("user", SimulatorClients.LongText),
    ];

    [Fact]
    public async Task AzureClientCallsTheDeploymentRouteAndParsesTheCompletion()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var client = SimulatorClients.Azure(server, "gpt-4o-mini");

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage(Conversation[0].Content), new UserChatMessage(Conversation[1].Content)]);

        Assert.Equal("gpt-4o-mini-2024-07-18", completion.Model);
        Assert.Equal("fp_sim_1", completion.SystemFingerprint);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        var content = Assert.Single(completion.Content).Text;
        Assert.Contains("quarterly report", content, StringComparison.Ordinal);
        Assert.Equal(ChatTokenFormula.CountPromptTokens(Conversation), completion.Usage.InputTokenCount);
        Assert.Equal(ChatTokenFormula.CountTokens(content), completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Equal(0, completion.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(0, completion.Usage.OutputTokenDetails.ReasoningTokenCount);

        var recorded = Assert.Single(server.Requests);
        Assert.Equal(SimulatedRequest.AzureRoute, recorded.Route);
        Assert.Equal("gpt-4o-mini", recorded.Deployment);
        Assert.Equal("api-key", recorded.Authentication);
        Assert.False(string.IsNullOrEmpty(recorded.ApiVersion));
        Assert.Equal(200, recorded.StatusCode);
        Assert.Equal(2, recorded.MessageCount);
        Assert.Equal(completion.Usage.InputTokenCount, recorded.PromptTokens);
        Assert.Equal(completion.Usage.OutputTokenCount, recorded.CompletionTokens);
        Assert.Equal(completion.Id, recorded.ResponseId);
        Assert.Equal("stop", recorded.FinishReason);
    }

    [Fact]
    public async Task OpenAIClientCallsTheV1RouteWithTheModelAsDeployment()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var client = SimulatorClients.OpenAI(server, "GPT-4o");

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage(Conversation[0].Content), new UserChatMessage(Conversation[1].Content)]);

        // Model names match case-insensitively; the dated id of the model asked for is reported.
        Assert.Equal("gpt-4o-2024-08-06", completion.Model);
        Assert.Equal("fp_sim_1", completion.SystemFingerprint);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatTokenFormula.CountPromptTokens(Conversation), completion.Usage.InputTokenCount);
        Assert.Equal(ChatTokenFormula.CountTokens(completion.Content[0].Text), completion.Usage.OutputTokenCount);

        var recorded = Assert.Single(server.Requests);
        Assert.Equal(SimulatedRequest.OpenAIRoute, recorded.Route);
        Assert.Equal("GPT-4o", recorded.Deployment);
        Assert.Equal("bearer", recorded.Authentication);
        Assert.Null(recorded.ApiVersion);
        Assert.Equal(200, recorded.StatusCode);
    }

    [Theory]
    [InlineData("gpt-4o", "gpt-4o-2024-08-06")]
    [InlineData("gpt-4o-mini", "gpt-4o-mini-2024-07-18")]
    [InlineData("team-summaries", "team-summaries")] // a name the simulator cannot date is reported as itself
    public async Task EachDeploymentReportsItsOwnModel(string deployment, string model)
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());

        ChatCompletion azure = await SimulatorClients.Azure(server, deployment).CompleteChatAsync([new UserChatMessage("Which model are you?")]);
        ChatCompletion openAI = await SimulatorClients.OpenAI(server, deployment).CompleteChatAsync([new UserChatMessage("Which model are you?")]);

        Assert.Equal(model, azure.Model);
        Assert.Equal(model, openAI.Model);
    }

    [Fact]
    public async Task ModelVersionsAndOverridesAreConfigurable()
    {
        var options = new SimulatorOptions();
        options.ModelVersions["team-summaries"] = "gpt-4.1-2025-04-14";
        options.Deployments["pinned"] = new DeploymentBehavior { ModelId = "gpt-4o-2024-05-13" };
        await using var server = await ModelSimulatorServer.StartAsync(options);

        Assert.Equal("gpt-4.1-2025-04-14", (await SimulatorClients.Azure(server, "Team-Summaries").CompleteChatAsync([new UserChatMessage("Hi")])).Value.Model);
        Assert.Equal("gpt-4o-2024-05-13", (await SimulatorClients.Azure(server, "pinned").CompleteChatAsync([new UserChatMessage("Hi")])).Value.Model);
        Assert.Equal("gpt-4o-2024-08-06", (await SimulatorClients.Azure(server, "gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")])).Value.Model);

        // One model id for everything, as before per-deployment ids, still wins over the name's own version.
        await using var single = await ModelSimulatorServer.StartAsync(new SimulatorOptions { ModelId = "gpt-4o-mini-2024-07-18" });
        Assert.Equal("gpt-4o-mini-2024-07-18", (await SimulatorClients.Azure(single, "gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")])).Value.Model);
    }

    [Fact]
    public async Task CreatedAndReceivedAtComeFromTheTimeProvider()
    {
        var now = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions(), new FixedTimeProvider(now));

        ChatCompletion completion = await SimulatorClients.Azure(server, "chat").CompleteChatAsync([new UserChatMessage("Hello there")]);

        Assert.Equal(now, completion.CreatedAt);
        Assert.Equal(now, Assert.Single(server.Requests).ReceivedAt);
    }

    [Fact]
    public async Task MultiPartUserContentIsReadAsText()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var message = new UserChatMessage(ChatMessageContentPart.CreateTextPart("First part."), ChatMessageContentPart.CreateTextPart("Second part."));

        ChatCompletion completion = await SimulatorClients.Azure(server, "chat").CompleteChatAsync([message]);

        Assert.Contains("First part. Second part.", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Equal(ChatTokenFormula.CountPromptTokens([("user", "First part.\nSecond part.")]), completion.Usage.InputTokenCount);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

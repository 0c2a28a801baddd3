using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Tollgate.ModelSimulator.Tests;

/// <summary>
/// A deployment's <see cref="DeploymentBehavior.ContextWindow"/>: prompt tokens plus the output cap over it are refused
/// as OpenAI refuses them (400, <c>context_length_exceeded</c>), and a request that fits is answered.
/// </summary>
public sealed class ContextWindowTests
{
    private static readonly ChatMessage[] Messages = [new SystemChatMessage("You summarise."), new UserChatMessage(SimulatorClients.LongText)];

    [Fact]
    public async Task ARequestOverTheWindowIsRefusedAsOpenAIRefusesIt()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        int promptTokens = ChatTokenFormula.CountPromptTokens([("system", "You summarise."), ("user", SimulatorClients.LongText)]);
        server.Configure("small", new DeploymentBehavior { ContextWindow = promptTokens + 99 });

        var ex = await Assert.ThrowsAsync<ClientResultException>(() =>
            SimulatorClients.Azure(server, "small").CompleteChatAsync(Messages, new ChatCompletionOptions { MaxOutputTokenCount = 100 }));

        Assert.Equal(400, ex.Status);
        using var body = JsonDocument.Parse(ex.GetRawResponse()!.Content.ToString());
        JsonElement error = body.RootElement.GetProperty("error");
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("messages", error.GetProperty("param").GetString());
        Assert.Equal(
            $"This model's maximum context length is {promptTokens + 99} tokens. However, you requested {promptTokens + 100} tokens "
            + $"({promptTokens} in the messages, 100 in the completion). Please reduce the length of the messages or completion.",
            error.GetProperty("message").GetString());
        var recorded = Assert.Single(server.Requests);
        Assert.Equal((400, "context_length_exceeded", promptTokens, 100), (recorded.StatusCode, recorded.Error, recorded.PromptTokens, recorded.MaxOutputTokens));
    }

    [Fact]
    public async Task ARequestThatFitsExactlyIsAnswered()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        int promptTokens = ChatTokenFormula.CountPromptTokens([("system", "You summarise."), ("user", SimulatorClients.LongText)]);
        server.Configure("small", new DeploymentBehavior { ContextWindow = promptTokens + 100 });

        ChatCompletion completion = await SimulatorClients.OpenAI(server, "small").CompleteChatAsync(Messages, new ChatCompletionOptions { MaxOutputTokenCount = 100 });

        Assert.Equal(promptTokens, completion.Usage.InputTokenCount);
        Assert.Equal(200, Assert.Single(server.Requests).StatusCode);
    }

    [Fact]
    public async Task WithoutACapThePromptAloneMustFit()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        int promptTokens = ChatTokenFormula.CountPromptTokens([("system", "You summarise."), ("user", SimulatorClients.LongText)]);
        server.Configure("fits", new DeploymentBehavior { ContextWindow = promptTokens });
        server.Configure("short", new DeploymentBehavior { ContextWindow = promptTokens - 1 });

        await SimulatorClients.Azure(server, "fits").CompleteChatAsync(Messages);
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => SimulatorClients.Azure(server, "short").CompleteChatAsync(Messages));

        Assert.Equal(400, ex.Status);
        Assert.Equal([200, 400], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task TheWindowIsCheckedBeforeLatencyAndFaults()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        server.Configure("tiny", new DeploymentBehavior { ContextWindow = 10, Fault = SimulatedFault.ServerError, LatencyMilliseconds = 60_000 });

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => SimulatorClients.Azure(server, "tiny").CompleteChatAsync(Messages));

        Assert.Equal(400, ex.Status);
        Assert.Equal("context_length_exceeded", Assert.Single(server.Requests).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void AWindowMustBePositive(int window)
    {
        var state = new SimulatorState(Microsoft.Extensions.Options.Options.Create(new SimulatorOptions()));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => state.Configure("x", new DeploymentBehavior { ContextWindow = window }));

        Assert.Contains("Deployment 'x': ContextWindow must be positive.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWindowBindsFromTheSimulatorSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Simulator:Deployments:gpt-4o-mini:ContextWindow"] = "600" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddModelSimulator(configuration).BuildServiceProvider();

        var state = provider.GetRequiredService<SimulatorState>();

        Assert.Equal(600, state.GetBehavior("GPT-4O-MINI").ContextWindow);
        Assert.Null(state.GetBehavior("gpt-4o").ContextWindow);
    }
}

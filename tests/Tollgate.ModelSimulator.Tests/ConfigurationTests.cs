using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.ModelSimulator.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void StandaloneBindingReadsTheSimulatorSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Simulator:ModelId"] = "gpt-4o-2024-08-06",
                ["Simulator:Deployments:Busy:Fault"] = "RateLimited",
                ["Simulator:Deployments:Busy:FaultCount"] = "2",
                ["Simulator:Deployments:Busy:RetryAfterSeconds"] = "9",
                ["Simulator:Deployments:slow:LatencyMilliseconds"] = "250",
                ["Simulator:Deployments:slow:ModelId"] = "gpt-4o-mini-2024-07-18",
            })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddModelSimulator(configuration).BuildServiceProvider();

        var state = provider.GetRequiredService<SimulatorState>();

        Assert.Equal("gpt-4o-2024-08-06", state.DefaultModelId);
        var busy = state.GetBehavior("BUSY");
        Assert.Equal((SimulatedFault.RateLimited, 2, 9), (busy.Fault, busy.FaultCount, busy.RetryAfterSeconds));
        var slow = state.GetBehavior("Slow");
        Assert.Equal((250, "gpt-4o-mini-2024-07-18", SimulatedFault.None), (slow.LatencyMilliseconds, slow.ModelId, slow.Fault));
        var unknown = state.GetBehavior("other");
        Assert.Equal((0, SimulatedFault.None, (string?)null), (unknown.LatencyMilliseconds, unknown.Fault, unknown.ModelId));
    }

    [Fact]
    public void ModelVersionsBindFromTheSimulatorSectionAndKeepTheDefaults()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Simulator:ModelVersions:team-summaries"] = "gpt-4.1-2025-04-14" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddModelSimulator(configuration).BuildServiceProvider();

        var state = provider.GetRequiredService<SimulatorState>();

        Assert.Null(state.DefaultModelId);
        Assert.Equal("gpt-4.1-2025-04-14", state.ModelIdFor("TEAM-SUMMARIES", state.GetBehavior("TEAM-SUMMARIES")));
        Assert.Equal("gpt-4o-2024-08-06", state.ModelIdFor("GPT-4o", state.GetBehavior("GPT-4o")));
    }

    [Fact]
    public async Task ServerCopiesItsOptions()
    {
        var options = new SimulatorOptions();
        options.Deployments["d"] = new DeploymentBehavior { Fault = SimulatedFault.ServerError };
        await using var server = await ModelSimulatorServer.StartAsync(options);

        options.Deployments["d"].Fault = SimulatedFault.None;
        var configured = new DeploymentBehavior { Fault = SimulatedFault.RateLimited };
        server.Configure("e", configured);
        configured.Fault = SimulatedFault.None;

        Assert.Equal(new Uri($"http://127.0.0.1:{server.BaseAddress.Port}/"), server.BaseAddress);
        using var http = SimulatorClients.Http(server);
        Assert.Equal(500, await StatusOf(http, "d"));
        Assert.Equal(429, await StatusOf(http, "e"));
    }

    private static async Task<int> StatusOf(HttpClient http, string deployment)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"openai/deployments/{deployment}/chat/completions", UriKind.Relative))
        {
            Content = new StringContent("""{"messages":[{"role":"user","content":"x"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("api-key", "k");
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }
}

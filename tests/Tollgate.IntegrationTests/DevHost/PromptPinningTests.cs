using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Prompts;
using Tollgate.Runs;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Rolling a prompt version out by setting: <c>Tollgate:Workflows:classify:Prompts:classify</c> pins the version every
/// new run sends (the default, version 1, is covered by <see cref="StructuredRunTests"/>), and a pin to a version that
/// does not exist stops the DevHost at start-up, naming the setting.
/// </summary>
public sealed class PromptPinningTests
{
    private const string PinSetting = "Tollgate:Workflows:classify:Prompts:classify";

    [Fact]
    public async Task APinnedVersionIsSentAndRecorded()
    {
        var fixture = new DevHostFixture { Settings = { [PinSetting] = "2" } };
        try
        {
            await fixture.InitializeAsync();
            string text = $"Checkout fails for every customer since noon. {Guid.NewGuid():N}";

            JsonElement run = await fixture.RunAsync("classify", "pinned-user", new { text });

            Assert.Equal("Completed", run.Text("status"));
            PromptTemplate v2 = PromptCatalog.Get("classify", 2);
            Assert.NotEqual(PromptCatalog.Get("classify", 1).ContentHash, v2.ContentHash);
            AttemptRecord attempt = Assert.Single((await fixture.Host.App.Services.GetRequiredService<RunStore>()
                .GetAsync(run.Text("runId")!, CancellationToken.None))!.Attempts);
            Assert.Equal((2, v2.ContentHash), (attempt.PromptVersion, attempt.PromptSha256));
            JsonElement prompt = run.GetProperty("prompt");
            Assert.Equal((2, v2.ContentHash), (prompt.GetProperty("version").GetInt32(), prompt.Text("sha256")));

            // The v2 text is what was sent: the request carries the seed of the v2 prompt, none carries v1's.
            Assert.Single(fixture.Simulator.RequestsWithSeed(WorkflowRuns.ClassifySeed(text, version: 2)));
            Assert.Empty(fixture.Simulator.RequestsWithSeed(WorkflowRuns.ClassifySeed(text, version: 1)));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task APinToAVersionThatDoesNotExistStopsTheHostNamingTheSetting()
    {
        var fixture = new DevHostFixture { Settings = { [PinSetting] = "9" } };
        try
        {
            Exception thrown = await Assert.ThrowsAnyAsync<Exception>(fixture.InitializeAsync);

            Assert.Contains(PinSetting, thrown.Message, StringComparison.Ordinal);
            Assert.Contains("v9", thrown.Message, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}

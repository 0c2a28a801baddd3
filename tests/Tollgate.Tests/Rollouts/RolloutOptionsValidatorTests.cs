using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tollgate.Tests.Rollouts;

/// <summary>A rollout that cannot be what it says stops the app at start-up, naming the setting.</summary>
public sealed class RolloutOptionsValidatorTests
{
    private const string Prefix = RolloutHarness.Prefix;

    private static string StartUpFailure(Dictionary<string, string?> changes)
    {
        using var harness = new RolloutHarness("20", changes);
        Exception failure = Assert.ThrowsAny<Exception>(() => harness.Services.GetRequiredService<IStartupValidator>().Validate());
        return failure.Message;
    }

    [Fact]
    public void AValidRolloutStarts()
    {
        using var harness = new RolloutHarness("20");

        harness.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("fallback", Assert.Single(harness.Catalog.All).Candidate);
    }

    [Theory]
    [InlineData("Workflow", "triage", "Tollgate:Rollouts:classify-mini:Workflow 'triage' names no workflow")]
    [InlineData("Step", "summarize", "Tollgate:Rollouts:classify-mini:Step 'summarize' names no step of classify")]
    [InlineData("Candidate", "gpt-5", "Tollgate:Rollouts:classify-mini:Candidate 'gpt-5' is not in Tollgate:Models:Deployments")]
    [InlineData("Current", "gpt-5", "Tollgate:Rollouts:classify-mini:Current 'gpt-5' is not in Tollgate:Models:Deployments")]
    [InlineData("Current", "fallback", "Tollgate:Rollouts:classify-mini:Current 'fallback' is not where the step's calls go today")]
    [InlineData("Candidate", "primary", "Tollgate:Rollouts:classify-mini:Candidate is the same deployment as Current")]
    [InlineData("Percentage", "101", "Tollgate:Rollouts:classify-mini:Percentage must be between 0 and 100, not 101")]
    [InlineData("Percentage", "-5", "Tollgate:Rollouts:classify-mini:Percentage must be between 0 and 100, not -5")]
    [InlineData("Percentage", "NaN", "Tollgate:Rollouts:classify-mini:Percentage must be between 0 and 100")]
    [InlineData("Percentage", null, "Tollgate:Rollouts:classify-mini:Percentage is required")]
    [InlineData("Salt", "", "Tollgate:Rollouts:classify-mini:Salt is required")]
    [InlineData("Workflow", null, "Tollgate:Rollouts:classify-mini:Workflow is required")]
    public void ABadSettingStopsTheAppNamingIt(string setting, string? value, string expected) =>
        Assert.Contains(expected, StartUpFailure(new() { [Prefix + setting] = value }), StringComparison.Ordinal);

    [Fact]
    public void APercentageThatIsNotANumberStopsTheAppNamingIt() =>
        Assert.Contains("Tollgate:Rollouts:classify-mini:Percentage", StartUpFailure(new() { [Prefix + "Percentage"] = "twenty" }), StringComparison.Ordinal);

    [Fact]
    public void AMisspeltSettingStopsTheAppNamingIt() =>
        Assert.Contains("Percentge", StartUpFailure(new() { [Prefix + "Percentge"] = "20" }), StringComparison.Ordinal);

    [Fact]
    public void TwoRolloutsOfOneStepStopTheApp()
    {
        var second = new Dictionary<string, string?>();
        foreach ((string key, string? value) in RolloutHarness.Settings("50").Where(pair => pair.Key.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            second[key.Replace(RolloutHarness.Rollout, "classify-other", StringComparison.Ordinal)] = value;
        }

        string failure = StartUpFailure(second);

        Assert.Contains("Step 'classify' of classify is already rolled out by Tollgate:Rollouts:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ARolloutNameThatCannotBeAKeyStopsTheApp() =>
        Assert.Contains("Tollgate:Rollouts:bad name: a rollout's name", StartUpFailure(new()
        {
            ["Tollgate:Rollouts:bad name:Workflow"] = "enrich-lead",
            ["Tollgate:Rollouts:bad name:Step"] = "extract",
            ["Tollgate:Rollouts:bad name:Current"] = "primary",
            ["Tollgate:Rollouts:bad name:Candidate"] = "fallback",
            ["Tollgate:Rollouts:bad name:Percentage"] = "10",
            ["Tollgate:Rollouts:bad name:Salt"] = "s",
        }), StringComparison.Ordinal);

}

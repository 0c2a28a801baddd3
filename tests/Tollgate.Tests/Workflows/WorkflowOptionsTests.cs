using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tollgate.Models;
using Tollgate.Prompts;
using Tollgate.Workflows;
using Tollgate.Workflows.Classify;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// <c>Tollgate:Workflows</c> as configuration gives it: prompt pins and settings are read for every catalog workflow,
/// and anything a workflow could not run with stops the app at start-up with a message naming the setting.
/// </summary>
public sealed class WorkflowOptionsTests
{
    private static readonly TokenCounter Tokens = new();

    /// <summary>The DevHost's catalog: gpt-4o as "primary", falling back to the cheaper gpt-4o-mini.</summary>
    private static ModelOptions Models(decimal primaryInput = 2.50m, decimal primaryOutput = 10.00m, decimal fallbackInput = 0.15m, decimal fallbackOutput = 0.60m,
        bool withFallback = true)
    {
        var options = new ModelOptions { DefaultDeployment = "primary" };
        options.Deployments["primary"] = new ModelDeploymentOptions
        {
            Deployment = "gpt-4o",
            InputPricePerMillion = primaryInput,
            OutputPricePerMillion = primaryOutput,
            Fallback = withFallback ? "fallback" : null,
        };
        options.Deployments["fallback"] = new ModelDeploymentOptions
        {
            Deployment = "gpt-4o-mini",
            InputPricePerMillion = fallbackInput,
            OutputPricePerMillion = fallbackOutput,
        };
        return options;
    }

    private static WorkflowOptions Read(params (string Key, string? Value)[] settings) =>
        WorkflowOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build());

    private static ValidateOptionsResult Validate(WorkflowOptions options, ModelOptions? models = null) =>
        new WorkflowOptionsValidator(Options.Create(models ?? Models()), Tokens).Validate(Options.DefaultName, options);

    private static string AssertFails(WorkflowOptions options, string setting, ModelOptions? models = null)
    {
        ValidateOptionsResult result = Validate(options, models);

        Assert.True(result.Failed, $"Expected a failure naming {setting}.");
        return Assert.Single(result.Failures!, f => f.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void AHyphenatedWorkflowIsAlsoReadUnderItsUnderscoreKeyAsAppServiceSettingsNeedIt()
    {
        // App Service setting names cannot hold a hyphen: Tollgate__Workflows__enrich_lead__Prompts__extract.
        WorkflowOptions options = Read(("Tollgate:Workflows:enrich_lead:Prompts:extract", "1"));

        Assert.True(Validate(options).Succeeded);
        Assert.Equal(1, options.Workflows["enrich-lead"].PromptVersions["extract"]);
    }

    [Fact]
    public void AWorkflowSetUnderBothItsNameAndItsUnderscoreKeyIsRefused()
    {
        WorkflowOptions options = Read(("Tollgate:Workflows:enrich-lead:Prompts:extract", "1"), ("Tollgate:Workflows:enrich_lead:Prompts:extract", "1"));

        AssertFails(options, "Tollgate:Workflows:enrich-lead and Tollgate:Workflows:enrich_lead");
    }

    [Fact]
    public void NoConfigurationGivesEveryWorkflowItsDefaultsAndIsValid()
    {
        WorkflowOptions options = Read();

        Assert.Empty(options.Problems);
        Assert.Equal(WorkflowCatalog.All.Keys.Order(StringComparer.Ordinal), options.Workflows.Keys.Order(StringComparer.Ordinal));
        Assert.All(options.Workflows.Values, w => Assert.Empty(w.PromptVersions));
        Assert.True(Validate(options).Succeeded, string.Join("; ", Validate(options).Failures ?? []));
        Assert.Equal(ClassifySettings.DefaultCategories, Settings(options).CategoriesOrDefault());
    }

    [Fact]
    public void AValidPinAndCategoriesAreReadAndPass()
    {
        WorkflowOptions options = Read(
            ("Tollgate:Workflows:classify:Prompts:classify", "2"),
            ("Tollgate:Workflows:classify:Settings:Categories:0", "outage"),
            ("Tollgate:Workflows:classify:Settings:Categories:1", "invoice"),
            ("Tollgate:Workflows:classify:Settings:Categories:2", "praise"));

        ValidateOptionsResult result = Validate(options);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
        Assert.Equal(2, options.Workflows["classify"].PromptVersions["classify"]);
        // The configured list replaces the defaults; it is not appended to them.
        Assert.Equal(["outage", "invoice", "praise"], Settings(options).CategoriesOrDefault());
        Assert.Empty(options.Workflows["summarize"].PromptVersions);
    }

    [Fact]
    public void AnUnknownWorkflowIsNamed()
    {
        string failure = AssertFails(Read(("Tollgate:Workflows:clasify:Prompts:classify", "1")), "Tollgate:Workflows:clasify");

        Assert.Contains("names no workflow", failure, StringComparison.Ordinal);
        Assert.Contains("classify", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownStepIsNamedWithTheWorkflowsSteps()
    {
        string failure = AssertFails(Read(("Tollgate:Workflows:enrich-lead:Prompts:extrakt", "1")), "Tollgate:Workflows:enrich-lead:Prompts:extrakt");

        Assert.Contains("extract, profile", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("two")]
    [InlineData("-1")]
    [InlineData("1.0")]
    [InlineData("")]
    public void AVersionThatIsNotANumberIsNamed(string version)
    {
        string failure = AssertFails(Read(("Tollgate:Workflows:classify:Prompts:classify", version)), "Tollgate:Workflows:classify:Prompts:classify");

        Assert.Contains("must be a prompt version number", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AVersionThatDoesNotExistIsNamedWithTheVersionsThatDo()
    {
        string failure = AssertFails(Read(("Tollgate:Workflows:classify:Prompts:classify", "9")), "Tollgate:Workflows:classify:Prompts:classify");

        Assert.Contains("v9", failure, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", PromptCatalog.All.Where(t => t.Id == "classify").Select(t => t.Version)), failure, StringComparison.Ordinal);
    }

    [Fact]
    public void OneCategoryIsTooFew()
    {
        string failure = AssertFails(Read(("Tollgate:Workflows:classify:Settings:Categories:0", "everything")),
            "Tollgate:Workflows:classify:Settings:Categories");

        Assert.Contains("2", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSettingIsNamed()
    {
        string failure = AssertFails(Read(("Tollgate:Workflows:classify:Settings:Colour", "red")), "Tollgate:Workflows:classify:Settings");

        Assert.Contains("Colour", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsForAWorkflowWithoutSettingsAreNamed()
    {
        string failure = AssertFails(Read(("Tollgate:Workflows:summarize:Settings:Style", "terse")), "Tollgate:Workflows:summarize:Settings");

        Assert.Contains("Style", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspelledSectionOfAWorkflowIsNamed()
    {
        string failure = AssertFails(Read(("Tollgate:Workflows:classify:Promts:classify", "2")), "Tollgate:Workflows:classify:Promts");

        Assert.Contains("Prompts or Settings", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ACeilingBelowTheSmallestCallOnEveryDeploymentIsNamed()
    {
        // At these prices even classify's smallest call (empty text, its floor as the cap) passes its 0.05 ceiling.
        ModelOptions expensive = Models(primaryInput: 1000m, primaryOutput: 1000m, fallbackInput: 1000m, fallbackOutput: 1000m);

        string failure = AssertFails(Read(), "Tollgate:Workflows:classify", expensive);

        Assert.Contains("step 'classify'", failure, StringComparison.Ordinal);
        Assert.Contains("0.05", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSmallestCallIsPricedOnTheCheapestDeploymentTheStepCanReach()
    {
        // The primary alone is too expensive, but its fallback fits: runs can still complete, so start-up passes.
        ModelOptions primaryTooExpensive = Models(primaryInput: 1000m, primaryOutput: 1000m);
        Assert.True(Validate(Read(), primaryTooExpensive).Succeeded);

        // Without the fallback nothing fits.
        AssertFails(Read(), "Tollgate:Workflows:classify", Models(primaryInput: 1000m, primaryOutput: 1000m, withFallback: false));
    }

    [Fact]
    public void TheSmallestCallCountsThePinnedPromptsLength()
    {
        // A price at which v1's smallest call fits the ceiling exactly but the longer v2's does not.
        int v1 = SmallestInput(1);
        int v2 = SmallestInput(2);
        Assert.True(v2 > v1, "classify v2 is the longer prompt.");
        decimal price = Math.Round(new ClassifyWorkflow().CostCeiling / v1 * 1_000_000m, 6, MidpointRounding.ToZero);
        ModelOptions models = Models(primaryInput: price, primaryOutput: 0m, withFallback: false);

        // Only classify is priced to the edge here; other workflows' smallest calls are not this test's business.
        Assert.DoesNotContain(Validate(Read(), models).Failures ?? [], f => f.StartsWith("Tollgate:Workflows:classify", StringComparison.Ordinal));
        AssertFails(Read(("Tollgate:Workflows:classify:Prompts:classify", "2")), "Tollgate:Workflows:classify", models);
    }

    private static int SmallestInput(int version)
    {
        PromptTemplate prompt = PromptCatalog.Get("classify", version);
        RenderedPrompt empty = prompt.Render(PromptTemplate.Placeholders(prompt.User).ToDictionary(v => v, _ => ""));
        return Tokens.CountChat([("system", empty.System), ("user", empty.User)]) + Tokens.Count(ClassifyWorkflow.Classification.Schema.Json);
    }

    private static ClassifySettings Settings(WorkflowOptions options) =>
        options.Workflows["classify"].Settings.Deserialize<ClassifySettings>(WorkflowJson.Options)!;
}

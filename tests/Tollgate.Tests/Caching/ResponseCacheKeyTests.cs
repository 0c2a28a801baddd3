using Tollgate.Caching;
using Tollgate.Models;
using Tollgate.Outputs;
using Tollgate.Prompts;
using Tollgate.Workflows.Classify;

namespace Tollgate.Tests.Caching;

/// <summary>
/// The response cache key: the same request always has the same key, and each thing that shapes the answer —
/// deployment, endpoint, model, messages, cap, temperature, seed, schema — changes it on its own.
/// </summary>
public sealed class ResponseCacheKeyTests
{
    private static readonly ResponseCacheKey Baseline = new(
        "PRIMARY", ModelEndpointKind.AzureOpenAI, "https://oai.example.openai.azure.com/", "gpt-4o", "You classify.", "The app crashes.", 200,
        0f, 42, "Classification", """{"type":"object"}""");

    public static TheoryData<string, ResponseCacheKey> OneComponentChanged => new()
    {
        { "catalog entry", Baseline with { CatalogEntry = "FALLBACK" } },
        { "endpoint kind", Baseline with { Kind = ModelEndpointKind.OpenAI } },
        { "endpoint", Baseline with { Endpoint = "https://other.openai.azure.com/" } },
        { "model", Baseline with { Model = "gpt-4o-mini" } },
        { "system message", Baseline with { System = "You classify tickets." } },
        { "user message", Baseline with { User = "The app crashes!" } },
        { "output cap", Baseline with { MaxOutputTokens = 201 } },
        { "temperature", Baseline with { Temperature = 0.5f } },
        { "seed", Baseline with { Seed = 43 } },
        { "schema name", Baseline with { SchemaName = "Other" } },
        { "schema", Baseline with { SchemaJson = """{"type":"object","required":[]}""" } },
        { "no schema", Baseline with { SchemaName = "", SchemaJson = "" } },
        // Length prefixes: moving text from one message to the next is a different request, not the same bytes.
        { "message boundary", Baseline with { System = "You classify.The app", User = " crashes." } },
    };

    [Fact]
    public void TheSameRequestHasTheSameKey()
    {
        ResponseCacheKey again = Baseline with { };

        Assert.Equal(Baseline.Hash, again.Hash);
        Assert.Matches("^[0-9a-f]{64}$", Baseline.Hash);
    }

    [Theory]
    [MemberData(nameof(OneComponentChanged))]
    public void EachComponentChangesTheKey(string component, ResponseCacheKey changed)
    {
        ArgumentNullException.ThrowIfNull(changed);

        Assert.True(Baseline.Hash != changed.Hash, $"Changing the {component} must change the key.");
    }

    [Fact]
    public void EveryComponentIsCoveredByAChangeAbove()
    {
        // A new component of the key must get its own row in OneComponentChanged.
        string[] changed = [.. OneComponentChanged.SelectMany(row => Differences((ResponseCacheKey)row[1])).Distinct().Order()];

        Assert.Equal(Components().Select(p => p.Name).Order(), changed);
    }

    private static IEnumerable<System.Reflection.PropertyInfo> Components() =>
        typeof(ResponseCacheKey).GetProperties().Where(p => p.Name != nameof(ResponseCacheKey.Hash));

    private static IEnumerable<string> Differences(ResponseCacheKey changed) =>
        Components().Where(p => !Equals(p.GetValue(changed), p.GetValue(Baseline))).Select(p => p.Name);

    [Fact]
    public void ARequestIsKeyedOnWhatTheGatewaySends()
    {
        var deployment = new ModelDeploymentOptions { Endpoint = new Uri("https://oai.example.openai.azure.com/"), Deployment = "gpt-4o" };
        RenderedPrompt prompt = PromptCatalog.Get("classify", 1).Render(new Dictionary<string, string> { ["text"] = "The app crashes.", ["categories"] = "bug, other" });
        OutputSchema schema = ClassifyWorkflow.Classification.Schema;

        ResponseCacheKey key = ResponseCacheKey.For("Primary", deployment, prompt, 200, schema);

        Assert.Equal("PRIMARY", key.CatalogEntry); // the catalog is case-insensitive
        Assert.Equal(ResponseCacheKey.For("primary", deployment, prompt, 200, schema).Hash, key.Hash);
        Assert.Equal((prompt.System, prompt.User), (key.System, key.User));
        Assert.Equal(ModelGateway.SeedOf(prompt), key.Seed);
        Assert.Equal(0f, key.Temperature);
        Assert.Equal(schema.Json, key.SchemaJson);
        Assert.NotEqual(key.Hash, ResponseCacheKey.For("primary", deployment, prompt, 200, schema.WithAllowedValues("category", ["bug", "other"])).Hash);
        Assert.NotEqual(key.Hash, ResponseCacheKey.For("primary", deployment, prompt, 200, null).Hash);
    }
}

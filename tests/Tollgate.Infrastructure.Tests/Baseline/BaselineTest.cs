using System.Text.Json.Nodes;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Baseline;

/// <summary>
/// Base of the security-baseline tests: each test mirrors one PSRule for Azure rule and asserts it on the
/// compiled template. Properties must be literal in the template (not parameters), so the baseline
/// cannot be switched off by a parameter value.
/// </summary>
[Collection(CompiledTemplateDefinition.Name)]
public abstract class BaselineTest(CompiledTemplate template)
{
    protected CompiledTemplate Template { get; } = template;

    /// <summary>All resources of a type; at least one must exist, or the rule would pass vacuously.</summary>
    protected IReadOnlyList<JsonObject> Resources(string type)
    {
        IReadOnlyList<JsonObject> resources = Template.OfType(type);
        Assert.True(resources.Count > 0, $"The template declares no {type}.");
        return resources;
    }

    protected static void AssertEach(IEnumerable<JsonObject> resources, string path, bool expected)
    {
        foreach (JsonObject resource in resources)
        {
            Assert.True(resource.Bool(path) == expected,
                $"{resource.Describe()}: {path} must be literally {expected.ToString().ToLowerInvariant()}, is {resource.At(path)?.ToJsonString() ?? "missing"}.");
        }
    }

    protected static void AssertEach(IEnumerable<JsonObject> resources, string path, string expected)
    {
        foreach (JsonObject resource in resources)
        {
            Assert.True(resource.Str(path) == expected,
                $"{resource.Describe()}: {path} must be literally '{expected}', is {resource.At(path)?.ToJsonString() ?? "missing"}.");
        }
    }
}

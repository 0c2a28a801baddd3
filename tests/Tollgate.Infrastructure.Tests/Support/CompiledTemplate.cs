using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tollgate.Infrastructure.Tests.Support;

/// <summary>
/// infra/main.bicep compiled to ARM JSON once per test run, with every resource of every nested
/// deployment (module) reachable by type. Both template layouts are read: resources as an array
/// (languageVersion 1) or as an object keyed by symbolic name (languageVersion 2).
/// </summary>
public sealed partial class CompiledTemplate
{
    public CompiledTemplate()
    {
        Text = BicepCli.Build(Repository.MainBicep);
        Root = JsonNode.Parse(Text)!.AsObject();
    }

    /// <summary>The compiled template as bicep wrote it.</summary>
    public string Text { get; }

    public JsonObject Root { get; }

    /// <summary>Every resource in the template and, recursively, in its modules' templates.</summary>
    public IEnumerable<JsonObject> AllResources => ResourcesOf(Root, recursive: true);

    public IReadOnlyList<JsonObject> OfType(string type) =>
        AllResources.Where(resource => string.Equals(resource.Str("type"), type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The module (nested deployment) that main.bicep names <paramref name="deploymentName"/>.</summary>
    public JsonObject Module(string deploymentName) =>
        ResourcesOf(Root, recursive: false).SingleOrDefault(resource =>
            resource.Str("type") == "Microsoft.Resources/deployments" && resource.Str("name") == deploymentName)
        ?? throw new InvalidOperationException($"main.bicep has no module deployed as '{deploymentName}'.");

    /// <summary>The value main.bicep passes to a module parameter (an ARM expression or a literal).</summary>
    public JsonNode? ModuleParameter(string deploymentName, string parameter) =>
        Module(deploymentName).At($"properties.parameters.{parameter}.value");

    public JsonObject ModuleTemplate(string deploymentName) => Module(deploymentName).At("properties.template")!.AsObject();

    public IReadOnlyList<JsonObject> ModuleResources(string deploymentName, string type) =>
        ResourcesOf(ModuleTemplate(deploymentName), recursive: false).Where(resource => resource.Str("type") == type).ToList();

    /// <summary>Replaces <c>variables('name')</c> in an expression with the variable's literal value from <paramref name="template"/>.</summary>
    public static string InlineVariables(string expression, JsonObject template) =>
        VariableReference().Replace(expression, match =>
            template.At($"variables.{match.Groups[1].Value}") is JsonValue value ? $"'{value}'" : match.Value);

    public static IEnumerable<JsonObject> ResourcesOf(JsonObject template, bool recursive)
    {
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject bySymbolicName => bySymbolicName.Select(pair => pair.Value),
            _ => [],
        };
        foreach (JsonObject resource in resources.OfType<JsonObject>())
        {
            yield return resource;
            if (recursive && resource.At("properties.template") is JsonObject nested)
            {
                foreach (JsonObject inner in ResourcesOf(nested, recursive))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"variables\('([A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableReference();
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateDefinition : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "compiled infra/main.bicep";
}

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

    /// <summary>
    /// Every app setting of every function app (<c>Microsoft.Web/sites</c>) in the template, by name, with the
    /// value as the template writes it (a literal or an ARM expression). Read from wherever ARM takes them:
    /// <c>properties.siteConfig.appSettings</c> of the site, the <c>config/appsettings</c> child, and
    /// <c>appSettings</c> of the <c>config/web</c> child. A module that receives them as a parameter is
    /// resolved to the object its caller passes; any other shape (a <c>union()</c>, a variable) fails, so a
    /// setting cannot be hidden from the tests that read this. One exception: the function app module's
    /// <c>union(parameters('appSettings'), parameters('triggerSettings'))</c>, where the trigger settings are computed from
    /// the <c>triggers</c> parameter (operator-declared, so not writable key by key): with the parameter defaults (no
    /// trigger) they are empty, which <see cref="TriggerSettingsAreEmptyByDefault"/> checks rather than assumes.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode?> FunctionAppSettings()
    {
        var settings = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach ((JsonObject scope, JsonObject? caller) in TemplatesWithCallers(Root, caller: null))
        {
            foreach (JsonObject resource in ResourcesOf(scope, recursive: false))
            {
                string type = resource.Str("type") ?? "";
                string name = resource.Str("name") ?? "";
                JsonNode? source = type switch
                {
                    "Microsoft.Web/sites" => resource.At("properties.siteConfig.appSettings"),
                    "Microsoft.Web/sites/config" when IsConfigNamed(name, "appsettings") => resource["properties"],
                    "Microsoft.Web/sites/config" when IsConfigNamed(name, "web") => resource.At("properties.appSettings"),
                    _ => null,
                };
                if (source is null)
                {
                    continue;
                }

                if (source is JsonValue union && union.TryGetValue(out string? expression) && expression == TriggerUnion)
                {
                    if (!TriggerSettingsAreEmptyByDefault(caller))
                    {
                        throw new InvalidOperationException($"The trigger settings of {resource.Describe()} are not the triggers parameter's, empty by default.");
                    }

                    source = JsonValue.Create("[parameters('appSettings')]");
                }

                foreach ((string key, JsonNode? value) in SettingsIn(ResolveParameter(source, caller), resource.Describe()))
                {
                    if (!settings.TryAdd(key, value))
                    {
                        throw new InvalidOperationException($"App setting {key} is set twice ({resource.Describe()}).");
                    }
                }
            }
        }

        return settings;
    }

    private const string TriggerUnion = "[union(parameters('appSettings'), parameters('triggerSettings'))]";

    /// <summary>
    /// The module's trigger settings are main.bicep's <c>triggerAppSettings</c> and <c>jobAppSettings</c>, each a
    /// <c>reduce()</c> over the <c>triggers</c> or <c>jobs</c> parameter, whose default is none: so with the defaults they
    /// add no setting.
    /// </summary>
    private bool TriggerSettingsAreEmptyByDefault(JsonObject? caller) =>
        caller?.At("properties.parameters.triggerSettings.value") is JsonValue passed
        && passed.ToString() == "[union(variables('triggerAppSettings'), variables('jobAppSettings'))]"
        && ReducesEmptyParameter("triggerAppSettings", "triggers") && ReducesEmptyParameter("jobAppSettings", "jobs");

    private bool ReducesEmptyParameter(string variable, string parameter) =>
        Root.Str($"variables.{variable}") is { } settings && settings.StartsWith($"[reduce(parameters('{parameter}'), createObject(),", StringComparison.Ordinal)
        && Root.At($"parameters.{parameter}.defaultValue") is JsonArray { Count: 0 };

    private static bool IsConfigNamed(string name, string config) =>
        name.EndsWith($"'{config}')]", StringComparison.OrdinalIgnoreCase) || name.EndsWith($"/{config}", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<(JsonObject Template, JsonObject? Caller)> TemplatesWithCallers(JsonObject template, JsonObject? caller)
    {
        yield return (template, caller);
        foreach (JsonObject deployment in ResourcesOf(template, recursive: false).Where(r => r.Str("type") == "Microsoft.Resources/deployments"))
        {
            if (deployment.At("properties.template") is JsonObject nested)
            {
                foreach ((JsonObject, JsonObject?) inner in TemplatesWithCallers(nested, deployment))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A module's <c>[parameters('x')]</c> becomes the value the calling deployment passes for x.</summary>
    private static JsonNode? ResolveParameter(JsonNode source, JsonObject? caller)
    {
        if (source is JsonValue value && value.TryGetValue(out string? expression) && ParameterReference().Match(expression) is { Success: true } match)
        {
            return caller?.At($"properties.parameters.{match.Groups[1].Value}.value")
                ?? throw new InvalidOperationException($"App settings come from {expression}, which no calling deployment passes.");
        }

        return source;
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> SettingsIn(JsonNode? settings, string where) => settings switch
    {
        JsonObject byName => byName,
        JsonArray pairs => pairs.Select(pair => KeyValuePair.Create(pair.Str("name") ?? throw new InvalidOperationException($"An app setting of {where} has no literal name."), pair?["value"])),
        _ => throw new InvalidOperationException(
            $"The app settings of {where} are {settings?.ToJsonString() ?? "null"}: write them out key by key so each can be checked."),
    };

    [GeneratedRegex(@"^\[parameters\('([A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex ParameterReference();

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

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Tollgate.Infrastructure.Tests.Support;

/// <summary>
/// The azure.yaml and host.json schemas kept in the repository (tests/Tollgate.Infrastructure.Tests/Schemas), loaded with the workarounds its README
/// describes (the files themselves are used verbatim). Each is built once: JsonSchema.Net refuses to
/// register the same schema twice.
/// </summary>
internal static class Schemas
{
    private static readonly Lazy<JsonSchema> AzureYamlSchema = new(LoadAzureYaml);
    private static readonly Lazy<JsonSchema> HostJsonSchema = new(LoadHostJson);

    public static JsonSchema AzureYaml => AzureYamlSchema.Value;

    public static JsonSchema HostJson => HostJsonSchema.Value;

    public static EvaluationResults Validate(JsonSchema schema, JsonNode? document) =>
        schema.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

    /// <summary>
    /// The errors that made the document invalid, as "location: message" lines. Failing branches under a
    /// passing keyword (the other alternatives of a oneOf) are left out.
    /// </summary>
    public static string Describe(EvaluationResults results) => string.Join('\n', Failures(results));

    private static IEnumerable<string> Failures(EvaluationResults results)
    {
        if (results.IsValid)
        {
            yield break;
        }

        foreach ((string keyword, string message) in results.Errors ?? new Dictionary<string, string>())
        {
            yield return $"{results.InstanceLocation} ({results.EvaluationPath}, {keyword}): {message}";
        }

        foreach (string failure in (results.Details ?? []).SelectMany(Failures))
        {
            yield return failure;
        }
    }

    private static string SchemaFile(string name) => Path.Combine(Repository.Schemas, name);

    // Draft 2019-09. Seven $refs (AI agent hosts) point to remote files; nothing may be downloaded, so any
    // URI outside json-schema.org resolves to the permissive schema {}.
    private static JsonSchema LoadAzureYaml()
    {
        var registry = new SchemaRegistry();
        registry.Fetch = (uri, _) => uri.Host.EndsWith("json-schema.org", StringComparison.OrdinalIgnoreCase)
            ? null
            : JsonSchema.FromText("{}", new BuildOptions { SchemaRegistry = new SchemaRegistry() }, uri);
        return JsonSchema.FromFile(SchemaFile("azure.yaml.schema.json"), new BuildOptions { SchemaRegistry = registry });
    }

    // Draft-04, which JsonSchema.Net 8 lacks: read as draft-07 (no keyword it uses changed meaning) without
    // its top-level id, and with definitions/version-2 as the root, because the root's oneOf cannot pass
    // (version-2 and version-2-ext-5 accept the same documents).
    private static JsonSchema LoadHostJson()
    {
        JsonObject schema = JsonNode.Parse(File.ReadAllText(SchemaFile("host.json.schema.json")))!.AsObject();
        schema.Remove("id");
        schema.Remove("oneOf");
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        schema["$ref"] = "#/definitions/version-2";
        return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}

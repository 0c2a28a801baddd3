using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Tollgate.Workflows;

namespace Tollgate.Outputs;

/// <summary>
/// The strict JSON schema of a structured step's output, derived from its C# type by Microsoft.Extensions.AI
/// (every property required, no additional properties: what OpenAI's strict <c>json_schema</c> mode demands).
/// A type the strict rules cannot express — an open dictionary, an untyped value, nesting deeper than
/// <see cref="MaxDepth"/> — is refused here, naming the type and member, when the workflow catalog loads.
/// </summary>
public sealed record OutputSchema(string Name, string Json)
{
    /// <summary>The deepest nesting of objects and arrays strict mode accepts.</summary>
    public const int MaxDepth = 10;

    private static readonly AIJsonSchemaCreateOptions StrictOptions = new()
    {
        TransformOptions = new AIJsonSchemaTransformOptions
        {
            DisallowAdditionalProperties = true,
            RequireAllProperties = true,
            ConvertBooleanSchemas = true,
            MoveDefaultKeywordToDescription = true,
        },
        TransformSchemaNode = RefuseWhatStrictModeCannotExpress,
    };

    /// <summary>Lower-case hex SHA-256 of <see cref="Json"/>: what a run record names.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Json)));

    public static OutputSchema For<T>() => For(typeof(T));

    public static OutputSchema For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        JsonElement schema;
        try
        {
            schema = AIJsonUtilities.CreateJsonSchema(type, serializerOptions: WorkflowJson.Options, inferenceOptions: StrictOptions);
        }
        catch (NotSupportedException ex)
        {
            throw new InvalidOperationException($"Output type {type.Name} cannot be a strict structured output: {ex.Message}", ex);
        }

        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out JsonElement kind) || kind.ValueKind != JsonValueKind.String
            || kind.GetString() != "object")
        {
            throw new InvalidOperationException($"Output type {type.Name} cannot be a strict structured output: the answer must be a JSON object (a class or record).");
        }

        return new OutputSchema(SchemaName(type), schema.GetRawText());
    }

    /// <summary>
    /// This schema with the string property at <paramref name="propertyPath"/> (JSON names, dot-separated) limited to
    /// <paramref name="values"/>: for choices only known from configuration, like <c>classify</c>'s categories.
    /// </summary>
    public OutputSchema WithAllowedValues(string propertyPath, IReadOnlyCollection<string> values)
    {
        ArgumentNullException.ThrowIfNull(propertyPath);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        JsonNode root = JsonNode.Parse(Json)!;
        JsonNode? node = root;
        foreach (string segment in propertyPath.Split('.'))
        {
            node = node?["properties"]?[segment];
        }

        // Only a plain string: a nullable one's "type" is an array (["string", "null"]), not a value.
        if (node is not JsonObject property || property["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String
            || type.GetValue<string>() != "string")
        {
            throw new ArgumentException($"The schema {Name} has no non-nullable string property '{propertyPath}'.", nameof(propertyPath));
        }

        property["enum"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
        return this with { Json = root.ToJsonString() };
    }

    private static string SchemaName(Type type)
    {
        // OpenAI names: letters, digits, '_' and '-', at most 64 characters.
        string name = new([.. type.Name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')]);
        return name.Length is > 0 and <= 64 ? name : "output";
    }

    private static JsonNode RefuseWhatStrictModeCannotExpress(AIJsonSchemaCreateContext context, JsonNode schema)
    {
        JsonTypeInfo info = context.TypeInfo;
        string member = context.PropertyInfo is { } property
            ? $"{context.DeclaringType?.Name ?? info.Type.Name}.{property.Name}"
            : info.Type.Name;
        if (info.Kind == JsonTypeInfoKind.Dictionary)
        {
            throw new NotSupportedException($"{member} is an open dictionary ({info.Type.Name}); strict outputs need named properties.");
        }

        if (info.Type == typeof(object) || info.Type == typeof(JsonElement) || info.Type == typeof(JsonNode) || info.Type == typeof(JsonObject))
        {
            throw new NotSupportedException($"{member} is an untyped value ({info.Type.Name}); strict outputs need a declared type.");
        }

        int depth = context.Path.Length == 0 ? 0 : context.Path.ToArray().Count(segment => segment is "properties" or "items");
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"{member} is nested {depth} levels deep; strict outputs allow at most {MaxDepth}.");
        }

        return schema;
    }
}

using System.Text;
using System.Text.Json;

namespace Tollgate.ModelSimulator;

/// <summary>The parts of a chat-completions body the simulator uses.</summary>
internal sealed record ChatRequest(
    string? Model,
    IReadOnlyList<(string Role, string Content)> Messages,
    int? MaxOutputTokens,
    string? MaxOutputTokensField,
    long? Seed,
    double? Temperature,
    ResponseFormat? ResponseFormat);

/// <summary>
/// The body's <c>response_format</c> when it asks for JSON: <see cref="JsonObject"/>, or <see cref="JsonSchema"/> with
/// the schema (already checked against the supported subset by <see cref="JsonSchemaAnswer.Check"/>).
/// </summary>
internal sealed record ResponseFormat(string Type, string? SchemaName, JsonElement Schema, bool Strict)
{
    public const string Text = "text";
    public const string JsonObject = "json_object";
    public const string JsonSchema = "json_schema";
}

/// <summary>An OpenAI error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed record OpenAIError(string Message, string Type, string? Param, string? Code)
{
    public const string InvalidRequest = "invalid_request_error";

    public static OpenAIError Invalid(string message, string? param, string? code) => new(message, InvalidRequest, param, code);
}

/// <summary>Validates a chat-completions body roughly the way OpenAI does.</summary>
internal static class ChatRequestParser
{
    public const string MaxCompletionTokensField = "max_completion_tokens";
    public const string MaxTokensField = "max_tokens";

    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool", "function"];

    public static OpenAIError NotJson { get; } = OpenAIError.Invalid(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. "
        + "The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
        param: null,
        code: null);

    /// <summary>Parses <paramref name="root"/>; returns null and sets <paramref name="error"/> when it is invalid.</summary>
    public static ChatRequest? Parse(JsonElement root, out OpenAIError? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = NotJson;
            return null;
        }

        string? model = null;
        if (root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind != JsonValueKind.Null)
        {
            if (modelElement.ValueKind != JsonValueKind.String)
            {
                error = InvalidType("model", "a string", modelElement);
                return null;
            }

            model = modelElement.GetString();
        }

        if (root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            error = OpenAIError.Invalid("The Tollgate model simulator does not support streaming.", "stream", "unsupported_value");
            return null;
        }

        var messages = ParseMessages(root, ref error);
        if (messages is null)
        {
            return null;
        }

        var maxOutputTokens = ParsePositiveInt(root, MaxCompletionTokensField, ref error);
        var maxField = maxOutputTokens is null ? null : MaxCompletionTokensField;
        if (error is null && maxOutputTokens is null)
        {
            maxOutputTokens = ParsePositiveInt(root, MaxTokensField, ref error);
            maxField = maxOutputTokens is null ? null : MaxTokensField;
        }

        long? seed = null;
        if (error is null && root.TryGetProperty("seed", out var seedElement) && seedElement.ValueKind != JsonValueKind.Null)
        {
            if (seedElement.ValueKind == JsonValueKind.Number && seedElement.TryGetInt64(out var seedValue))
            {
                seed = seedValue;
            }
            else
            {
                error = InvalidType("seed", "an integer", seedElement);
            }
        }

        double? temperature = null;
        if (error is null && root.TryGetProperty("temperature", out var temperatureElement) && temperatureElement.ValueKind != JsonValueKind.Null)
        {
            if (temperatureElement.ValueKind != JsonValueKind.Number)
            {
                error = InvalidType("temperature", "a number", temperatureElement);
            }
            else if (temperatureElement.GetDouble() is < 0 or > 2)
            {
                error = OpenAIError.Invalid("Invalid 'temperature': expected a value between 0 and 2.", "temperature", "invalid_value");
            }
            else
            {
                temperature = temperatureElement.GetDouble();
            }
        }

        ResponseFormat? responseFormat = null;
        if (error is null)
        {
            responseFormat = ParseResponseFormat(root, ref error);
        }

        return error is null ? new ChatRequest(model, messages, maxOutputTokens, maxField, seed, temperature, responseFormat) : null;
    }

    /// <summary>
    /// <c>response_format</c>: absent, null or <c>{"type":"text"}</c> gives null; <c>json_object</c> and <c>json_schema</c>
    /// (with <c>name</c>, <c>schema</c> and an optional boolean <c>strict</c>) give a <see cref="ResponseFormat"/>.
    /// A schema outside the subset the simulator can answer is refused rather than answered with invalid output.
    /// </summary>
    private static ResponseFormat? ParseResponseFormat(JsonElement root, ref OpenAIError? error)
    {
        const string Param = "response_format";
        if (!root.TryGetProperty(Param, out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            error = InvalidType(Param, "an object", format);
            return null;
        }

        if (!format.TryGetProperty("type", out var typeElement) || typeElement.ValueKind == JsonValueKind.Null)
        {
            error = OpenAIError.Invalid($"Missing required parameter: '{Param}.type'.", $"{Param}.type", "missing_required_parameter");
            return null;
        }

        string[] types = [ResponseFormat.Text, ResponseFormat.JsonObject, ResponseFormat.JsonSchema];
        var type = typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString()! : null;
        if (type is null || !types.Contains(type, StringComparer.Ordinal))
        {
            error = OpenAIError.Invalid(
                $"Invalid value for '{Param}.type'. Supported values are: {string.Join(", ", types.Select(t => $"'{t}'"))}.",
                $"{Param}.type",
                "invalid_value");
            return null;
        }

        if (type == ResponseFormat.Text)
        {
            return null;
        }

        if (type == ResponseFormat.JsonObject)
        {
            return new ResponseFormat(type, SchemaName: null, default, Strict: false);
        }

        const string SchemaParam = Param + ".json_schema";
        if (!format.TryGetProperty("json_schema", out var jsonSchema) || jsonSchema.ValueKind == JsonValueKind.Null)
        {
            error = OpenAIError.Invalid($"Missing required parameter: '{SchemaParam}'.", SchemaParam, "missing_required_parameter");
            return null;
        }

        if (jsonSchema.ValueKind != JsonValueKind.Object)
        {
            error = InvalidType(SchemaParam, "an object", jsonSchema);
            return null;
        }

        if (!jsonSchema.TryGetProperty("name", out var nameElement) || nameElement.ValueKind == JsonValueKind.Null)
        {
            error = OpenAIError.Invalid($"Missing required parameter: '{SchemaParam}.name'.", $"{SchemaParam}.name", "missing_required_parameter");
            return null;
        }

        var name = nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString()! : null;
        if (name is null || name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            error = nameElement.ValueKind != JsonValueKind.String
                ? InvalidType($"{SchemaParam}.name", "a string", nameElement)
                : OpenAIError.Invalid(
                    $"Invalid '{SchemaParam}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' with at most 64 characters.",
                    $"{SchemaParam}.name",
                    "invalid_value");
            return null;
        }

        var strict = false;
        if (jsonSchema.TryGetProperty("strict", out var strictElement) && strictElement.ValueKind != JsonValueKind.Null)
        {
            if (strictElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = InvalidType($"{SchemaParam}.strict", "a boolean", strictElement);
                return null;
            }

            strict = strictElement.GetBoolean();
        }

        // OpenAI accepts a json_schema without a schema; the simulator needs one to know what to answer.
        if (!jsonSchema.TryGetProperty("schema", out var schema) || schema.ValueKind == JsonValueKind.Null)
        {
            error = OpenAIError.Invalid(
                $"Missing required parameter: '{SchemaParam}.schema' (the Tollgate model simulator needs a schema to answer).",
                $"{SchemaParam}.schema",
                "missing_required_parameter");
            return null;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            error = InvalidType($"{SchemaParam}.schema", "an object", schema);
            return null;
        }

        var problem = JsonSchemaAnswer.Check(schema, strict);
        if (problem is not null)
        {
            error = OpenAIError.Invalid($"Invalid schema for response_format '{name}': {problem}", Param, "invalid_json_schema");
            return null;
        }

        return new ResponseFormat(type, name, schema.Clone(), strict);
    }

    private static List<(string Role, string Content)>? ParseMessages(JsonElement root, ref OpenAIError? error)
    {
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            error = OpenAIError.Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            error = InvalidType("messages", "an array", array);
            return null;
        }

        if (array.GetArrayLength() == 0)
        {
            error = OpenAIError.Invalid("[] is too short - 'messages'", "messages", "empty_array");
            return null;
        }

        var messages = new List<(string Role, string Content)>(array.GetArrayLength());
        var index = 0;
        foreach (var message in array.EnumerateArray())
        {
            var param = $"messages[{index}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                error = InvalidType(param, "an object", message);
                return null;
            }

            if (!message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind == JsonValueKind.Null)
            {
                error = OpenAIError.Invalid($"Missing required parameter: '{param}.role'.", $"{param}.role", "missing_required_parameter");
                return null;
            }

            var role = roleElement.ValueKind == JsonValueKind.String ? roleElement.GetString()! : null;
            if (role is null || !Roles.Contains(role, StringComparer.Ordinal))
            {
                error = OpenAIError.Invalid(
                    $"Invalid value for '{param}.role'. Supported values are: {string.Join(", ", Roles.Select(r => $"'{r}'"))}.",
                    $"{param}.role",
                    "invalid_value");
                return null;
            }

            var content = ParseContent(message, param, ref error);
            if (content is null)
            {
                return null;
            }

            messages.Add((role, content));
            index++;
        }

        return messages;
    }

    /// <summary>String content as is; an array of parts contributes its text parts joined by newlines; null is empty.</summary>
    private static string? ParseContent(JsonElement message, string param, ref OpenAIError? error)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            error = InvalidType($"{param}.content", "a string or an array", content);
            return null;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("type", out var type)
                && type.ValueEquals("text")
                && part.TryGetProperty("text", out var partText)
                && partText.ValueKind == JsonValueKind.String)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(partText.GetString());
            }
        }

        return text.ToString();
    }

    private static int? ParsePositiveInt(JsonElement root, string name, ref OpenAIError? error)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
        {
            error = InvalidType(name, "an integer", element);
            return null;
        }

        if (value < 1)
        {
            error = OpenAIError.Invalid(
                $"Invalid '{name}': integer below minimum value. Expected a value >= 1, but got {value} instead.",
                name,
                "integer_below_min_value");
            return null;
        }

        return value;
    }

    private static OpenAIError InvalidType(string param, string expected, JsonElement actual) => OpenAIError.Invalid(
        $"Invalid type for '{param}': expected {expected}, but got {Describe(actual.ValueKind)} instead.",
        param,
        "invalid_type");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

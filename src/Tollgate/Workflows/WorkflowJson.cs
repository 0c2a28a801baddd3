using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Workflows;

/// <summary>
/// One serializer configuration for workflow inputs, outputs and structured model answers. Strict on purpose: a
/// caller's input and a model's answer are read exactly as their C# types declare them — required members must be
/// there, a non-nullable member may not be null, an unknown member is an error, and enums are their names (never
/// numbers) — so a workflow never sees a half-read value.
/// </summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            MaxDepth = 32,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tollgate.Workflows;

/// <summary>
/// Reads a caller's <c>input</c> as a workflow's input type and validates it from the type's own declaration: required
/// members (C# <c>required</c> or a constructor parameter without a default), nullability, unknown members, enum names,
/// and the member's data annotations (<c>[StringLength]</c>, <c>[Range]</c>, <c>[Required]</c>…). The first problem is
/// named by its JSON path under <c>input</c>, e.g. <c>input.text</c>.
/// </summary>
public static class WorkflowInput
{
    public static WorkflowInputResult Read(Type type, JsonElement input)
    {
        ArgumentNullException.ThrowIfNull(type);
        JsonTypeInfo info = WorkflowJson.Options.GetTypeInfo(type);
        if (input.ValueKind != JsonValueKind.Object)
        {
            return WorkflowInputResult.Invalid("input", $"must be a JSON object with {Describe(info)}.");
        }

        foreach (JsonPropertyInfo property in info.Properties)
        {
            bool present = input.TryGetProperty(property.Name, out JsonElement value);
            if (IsRequired(property) && (!present || value.ValueKind == JsonValueKind.Null))
            {
                return WorkflowInputResult.Invalid($"input.{property.Name}", "is required.");
            }
        }

        foreach (JsonProperty member in input.EnumerateObject())
        {
            if (!info.Properties.Any(p => p.Name == member.Name))
            {
                return WorkflowInputResult.Invalid($"input.{member.Name}", $"is not a known field (expected {Describe(info)}).");
            }
        }

        object read;
        try
        {
            read = input.Deserialize(info) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            string path = ex.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? "input." + p[2..] : "input";
            JsonPropertyInfo? property = info.Properties.FirstOrDefault(p => path == $"input.{p.Name}");
            return WorkflowInputResult.Invalid(path, property is null ? "has a value of the wrong type." : Expected(property.PropertyType));
        }

        foreach (JsonPropertyInfo property in info.Properties)
        {
            if (property.AttributeProvider is not PropertyInfo clr)
            {
                continue;
            }

            var results = new List<ValidationResult>();
            var context = new ValidationContext(read) { MemberName = clr.Name, DisplayName = property.Name };
            if (!Validator.TryValidateProperty(clr.GetValue(read), context, results))
            {
                return WorkflowInputResult.Invalid($"input.{property.Name}", results[0].ErrorMessage ?? "is not valid.");
            }
        }

        return WorkflowInputResult.Valid(read);
    }

    private static bool IsRequired(JsonPropertyInfo property) =>
        property.IsRequired || property.AssociatedParameter is { HasDefaultValue: false };

    private static string Describe(JsonTypeInfo info) =>
        string.Join(", ", info.Properties.Select(p => $"'{p.Name}'" + (IsRequired(p) ? "" : " (optional)")));

    private static string Expected(Type type)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            return "must be one of: " + string.Join(", ", Enum.GetNames(target).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n))) + ".";
        }

        return target == typeof(string) ? "must be a string."
            : target == typeof(bool) ? "must be true or false."
            : target.IsPrimitive || target == typeof(decimal) ? "must be a number."
            : target.IsArray || (target.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(target)) ? "must be an array."
            : string.Create(CultureInfo.InvariantCulture, $"must be a JSON object ({target.Name}).");
    }
}

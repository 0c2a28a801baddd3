using System.Text.Json.Nodes;

namespace Tollgate.Infrastructure.Tests.Support;

internal static class JsonExtensions
{
    /// <summary>The node at a dotted path ("properties.siteConfig.minTlsVersion"), or null.</summary>
    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (string segment in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out JsonNode? child) ? child : null;
        }

        return node;
    }

    public static string? Str(this JsonNode? node, string path) =>
        node.At(path) is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public static bool? Bool(this JsonNode? node, string path) =>
        node.At(path) is JsonValue value && value.TryGetValue(out bool flag) ? flag : null;

    /// <summary>A short description of a resource for assertion messages.</summary>
    public static string Describe(this JsonObject resource) => $"{resource.Str("type")} {resource.Str("name")}";
}

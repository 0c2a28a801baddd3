using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.ModelSimulator;

/// <summary>
/// Structured-output answers: checks a <c>response_format</c> JSON schema against the subset the simulator supports
/// and builds a deterministic instance of it (same schema, words and seed → same JSON text).
/// </summary>
/// <remarks>
/// The subset is what OpenAI's strict structured outputs accept: <c>type</c> (one or an array of object, array,
/// string, integer, number, boolean, null), <c>properties</c>/<c>required</c>/<c>additionalProperties: false</c>,
/// <c>items</c>/<c>minItems</c>/<c>maxItems</c>, <c>minLength</c>/<c>maxLength</c>/<c>format</c>,
/// <c>minimum</c>/<c>maximum</c>/<c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>, <c>enum</c>, <c>const</c>,
/// <c>anyOf</c> and local <c>$ref</c> into <c>$defs</c>/<c>definitions</c> (recursion included), plus annotations.
/// Anything else (<c>pattern</c>, <c>oneOf</c>, <c>allOf</c>, <c>multipleOf</c>, boolean schemas, remote refs …) is
/// refused, so the simulator never answers with JSON that might not match the schema.
/// </remarks>
internal static class JsonSchemaAnswer
{
    /// <summary>From this depth on, generation takes the shortest way out (null before scalars before containers, fewest items).</summary>
    private const int ShallowDepth = 4;

    /// <summary>Generation fails beyond this depth (a recursive schema without a finite instance).</summary>
    private const int MaxDepth = 12;

    /// <summary>Upper bound on generated values, so a wide schema cannot make an enormous answer.</summary>
    private const int MaxValues = 2_000;

    /// <summary>Items generated beyond <c>minItems</c> at most.</summary>
    private const int ExtraItems = 2;

    /// <summary>Width of the default range for a number bounded on at most one side.</summary>
    private const long DefaultSpan = 100;

    /// <summary>Bounds are clamped to ±this, so integer arithmetic cannot overflow.</summary>
    private const double Limit = 1e15;

    private static readonly string[] Types = ["null", "boolean", "integer", "number", "string", "array", "object"];

    private static readonly HashSet<string> Annotations =
        ["title", "description", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly", "$defs", "definitions"];

    private static readonly HashSet<string> TypedKeywords =
    [
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "minLength", "maxLength", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    ];

    private static readonly string[] FallbackWords = ["simulated", "structured", "answer", "value"];

    /// <summary>Null when the simulator can answer <paramref name="schema"/>; otherwise what is wrong or unsupported.</summary>
    public static string? Check(JsonElement schema, bool strict)
    {
        if (!schema.TryGetProperty("type", out var type) || !type.ValueEquals("object"))
        {
            return "the root schema must have type 'object'.";
        }

        var checker = new Checker(schema, strict);
        var problem = checker.Check(schema, "#", isRoot: true);
        if (problem is null && Generate(schema, [], seed: 0) is null)
        {
            problem = $"the schema has no instance the simulator can build within {MaxDepth} levels and {MaxValues} values.";
        }

        return problem;
    }

    /// <summary>
    /// A deterministic instance of a schema that passed <see cref="Check"/>, as compact JSON text; null when none
    /// fits the depth and size limits. <paramref name="words"/> supply string values; <paramref name="seed"/> makes choices.
    /// </summary>
    public static string? Generate(JsonElement schema, IReadOnlyList<string> words, ulong seed)
    {
        var generator = new Generator(schema, words.Count == 0 ? FallbackWords : words, seed);
        return generator.TryGenerate(schema, depth: 0, out var node) ? (node?.ToJsonString() ?? "null") : null;
    }

    /// <summary>Declared types: the single <c>type</c>, each entry of a type array, or none.</summary>
    private static string[] DeclaredTypes(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? string.Empty).ToArray()
        : [];

    private static bool Matches(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.GetDouble() is var d && Math.Floor(d) == d,
        "number" => value.ValueKind == JsonValueKind.Number,
        "string" => value.ValueKind == JsonValueKind.String,
        "array" => value.ValueKind == JsonValueKind.Array,
        _ => value.ValueKind == JsonValueKind.Object,
    };

    private static bool TryResolve(JsonElement root, string reference, out JsonElement target)
    {
        target = root;
        if (reference == "#")
        {
            return true;
        }

        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var raw in reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(token, out var child))
            {
                target = child;
            }
            else if (target.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < target.GetArrayLength())
            {
                target = target[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCount(JsonElement element) => element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var n) && n >= 0;

    private static double? Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? Math.Clamp(value.GetDouble(), -Limit, Limit) : null;

    private static int? Count(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    /// <summary>Inclusive integer bounds, defaulting to a <see cref="DefaultSpan"/>-wide range next to the given bound.</summary>
    private static (long Low, long High) IntegerRange(JsonElement schema)
    {
        var low = Number(schema, "minimum") is { } min ? (double?)Math.Ceiling(min) : null;
        if (Number(schema, "exclusiveMinimum") is { } exMin)
        {
            low = Math.Max(low ?? double.MinValue, Math.Floor(exMin) + 1);
        }

        var high = Number(schema, "maximum") is { } max ? (double?)Math.Floor(max) : null;
        if (Number(schema, "exclusiveMaximum") is { } exMax)
        {
            high = Math.Min(high ?? double.MaxValue, Math.Ceiling(exMax) - 1);
        }

        var lowValue = (long)(low ?? (high is { } h ? Math.Min(0, h - DefaultSpan) : 0));
        var highValue = (long)(high ?? lowValue + DefaultSpan);
        return (lowValue, highValue);
    }

    /// <summary>Bounds for a number and whether each end is exclusive.</summary>
    private static (double Low, bool LowExclusive, double High, bool HighExclusive) NumberRange(JsonElement schema)
    {
        double? low = Number(schema, "minimum");
        var lowExclusive = false;
        if (Number(schema, "exclusiveMinimum") is { } exMin && (low is null || exMin >= low))
        {
            (low, lowExclusive) = (exMin, true);
        }

        double? high = Number(schema, "maximum");
        var highExclusive = false;
        if (Number(schema, "exclusiveMaximum") is { } exMax && (high is null || exMax <= high))
        {
            (high, highExclusive) = (exMax, true);
        }

        var lowValue = low ?? (high is { } h ? Math.Min(0, h - DefaultSpan) : 0);
        var highValue = high ?? lowValue + DefaultSpan;
        return (lowValue, lowExclusive, highValue, highExclusive);
    }

    /// <summary>Walks a schema once and reports the first keyword or construct outside the supported subset.</summary>
    private sealed class Checker(JsonElement root, bool strict)
    {
        private readonly HashSet<string> checkedReferences = new(StringComparer.Ordinal) { "#" };

        public string? Check(JsonElement schema, string path, bool isRoot = false)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return $"{path}: a schema must be an object (boolean schemas are not supported).";
            }

            foreach (var property in schema.EnumerateObject())
            {
                var keyword = property.Name;
                var known = Annotations.Contains(keyword) || TypedKeywords.Contains(keyword)
                    || keyword is "enum" or "const" or "anyOf" or "$ref"
                    || (isRoot && keyword is "$schema" or "$id");
                if (!known)
                {
                    return $"{path}: keyword '{keyword}' is not supported by the Tollgate model simulator.";
                }
            }

            foreach (var defsKeyword in (string[])["$defs", "definitions"])
            {
                if (schema.TryGetProperty(defsKeyword, out var defs))
                {
                    if (defs.ValueKind != JsonValueKind.Object)
                    {
                        return $"{path}/{defsKeyword}: must be an object of schemas.";
                    }

                    foreach (var definition in defs.EnumerateObject())
                    {
                        if (CheckReference($"{path}/{defsKeyword}/{definition.Name}", definition.Value) is { } problem)
                        {
                            return problem;
                        }
                    }
                }
            }

            var constraints = schema.EnumerateObject().Where(p => !Annotations.Contains(p.Name) && p.Name is not ("$schema" or "$id")).Select(p => p.Name).ToArray();
            if (schema.TryGetProperty("$ref", out var reference))
            {
                return CheckRefKeyword(reference, constraints, path);
            }

            if (schema.TryGetProperty("anyOf", out var anyOf))
            {
                return CheckAnyOf(anyOf, constraints, path);
            }

            var types = DeclaredTypes(schema);
            if (schema.TryGetProperty("type", out var type) && CheckType(type, path) is { } typeProblem)
            {
                return typeProblem;
            }

            if (schema.TryGetProperty("enum", out var values) || schema.TryGetProperty("const", out values))
            {
                return CheckLiterals(schema, values, types, constraints, path);
            }

            if (types.Length == 0)
            {
                return $"{path}: a schema needs 'type', 'enum', 'const', 'anyOf' or '$ref'.";
            }

            return CheckObject(schema, types, path) ?? CheckArray(schema, types, path) ?? CheckString(schema, path) ?? CheckNumbers(schema, types, path);
        }

        private string? CheckReference(string pointer, JsonElement target) =>
            checkedReferences.Add(pointer) ? Check(target, pointer) : null;

        private string? CheckRefKeyword(JsonElement reference, string[] constraints, string path)
        {
            if (constraints.Length > 1)
            {
                return $"{path}: '$ref' cannot be combined with {string.Join(", ", constraints.Where(c => c != "$ref").Select(c => $"'{c}'"))}.";
            }

            var pointer = reference.ValueKind == JsonValueKind.String ? reference.GetString()! : string.Empty;
            if (!pointer.StartsWith('#'))
            {
                return $"{path}: only local '$ref' values (\"#\", \"#/$defs/...\") are supported, not '{pointer}'.";
            }

            return TryResolve(root, pointer, out var target)
                ? CheckReference(pointer == "#" ? "#" : pointer, target)
                : $"{path}: '$ref' '{pointer}' does not resolve.";
        }

        private string? CheckAnyOf(JsonElement anyOf, string[] constraints, string path)
        {
            if (constraints.Length > 1)
            {
                return $"{path}: 'anyOf' cannot be combined with {string.Join(", ", constraints.Where(c => c != "anyOf").Select(c => $"'{c}'"))}.";
            }

            if (anyOf.ValueKind != JsonValueKind.Array || anyOf.GetArrayLength() == 0)
            {
                return $"{path}/anyOf: must be a non-empty array of schemas.";
            }

            var index = 0;
            foreach (var branch in anyOf.EnumerateArray())
            {
                if (Check(branch, $"{path}/anyOf/{index++}") is { } problem)
                {
                    return problem;
                }
            }

            return null;
        }

        private static string? CheckType(JsonElement type, string path)
        {
            var names = type.ValueKind switch
            {
                JsonValueKind.String => [type.GetString()!],
                JsonValueKind.Array when type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) =>
                    type.EnumerateArray().Select(t => t.GetString()!).ToArray(),
                _ => (string[]?)null,
            };
            if (names is null || names.Length == 0 || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            {
                return $"{path}/type: must be a type name or a non-empty array of distinct type names.";
            }

            return names.FirstOrDefault(n => !Types.Contains(n, StringComparer.Ordinal)) is { } unknown
                ? $"{path}/type: unknown type '{unknown}'."
                : null;
        }

        private static string? CheckLiterals(JsonElement schema, JsonElement values, string[] types, string[] constraints, string path)
        {
            var keyword = schema.TryGetProperty("enum", out _) ? "enum" : "const";
            var extra = constraints.Where(c => c != keyword && c != "type").ToArray();
            if (extra.Length > 0)
            {
                return $"{path}: '{keyword}' can only be combined with 'type', not {string.Join(", ", extra.Select(c => $"'{c}'"))}.";
            }

            JsonElement[] candidates = keyword == "const" ? [values]
                : values.ValueKind == JsonValueKind.Array ? values.EnumerateArray().ToArray()
                : [];
            if (candidates.Length == 0)
            {
                return $"{path}/enum: must be a non-empty array.";
            }

            return types.Length > 0 && !candidates.Any(v => types.Any(t => Matches(v, t)))
                ? $"{path}/{keyword}: no value matches the declared type."
                : null;
        }

        private string? CheckObject(JsonElement schema, string[] types, string path)
        {
            if (!types.Contains("object"))
            {
                return null;
            }

            var names = new List<string>();
            if (schema.TryGetProperty("properties", out var properties))
            {
                if (properties.ValueKind != JsonValueKind.Object)
                {
                    return $"{path}/properties: must be an object of schemas.";
                }

                foreach (var property in properties.EnumerateObject())
                {
                    names.Add(property.Name);
                    if (Check(property.Value, $"{path}/properties/{property.Name}") is { } problem)
                    {
                        return problem;
                    }
                }
            }

            var required = new List<string>();
            if (schema.TryGetProperty("required", out var requiredElement))
            {
                if (requiredElement.ValueKind != JsonValueKind.Array || requiredElement.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
                {
                    return $"{path}/required: must be an array of property names.";
                }

                required.AddRange(requiredElement.EnumerateArray().Select(r => r.GetString()!));
                if (required.FirstOrDefault(r => !names.Contains(r, StringComparer.Ordinal)) is { } missing)
                {
                    return $"{path}/required: '{missing}' is not in 'properties'.";
                }
            }

            var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
            if (hasAdditional && additional.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return $"{path}/additionalProperties: only true or false is supported, not a schema.";
            }

            if (strict && (!hasAdditional || additional.ValueKind != JsonValueKind.False))
            {
                return $"{path}: strict mode requires 'additionalProperties' to be supplied and to be false.";
            }

            if (strict && names.FirstOrDefault(n => !required.Contains(n, StringComparer.Ordinal)) is { } optional)
            {
                return $"{path}: strict mode requires 'required' to list every property; '{optional}' is missing.";
            }

            return null;
        }

        private string? CheckArray(JsonElement schema, string[] types, string path)
        {
            if (!types.Contains("array"))
            {
                return null;
            }

            if (!schema.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Object)
            {
                return $"{path}: an array schema needs 'items' with one schema.";
            }

            return CheckCounts(schema, "minItems", "maxItems", path) ?? Check(items, $"{path}/items");
        }

        private static string? CheckString(JsonElement schema, string path)
        {
            if (schema.TryGetProperty("format", out var format) && format.ValueKind != JsonValueKind.String)
            {
                return $"{path}/format: must be a string.";
            }

            return CheckCounts(schema, "minLength", "maxLength", path);
        }

        private static string? CheckCounts(JsonElement schema, string minKeyword, string maxKeyword, string path)
        {
            foreach (var keyword in (string[])[minKeyword, maxKeyword])
            {
                if (schema.TryGetProperty(keyword, out var value) && !IsCount(value))
                {
                    return $"{path}/{keyword}: must be a non-negative integer.";
                }
            }

            return Count(schema, minKeyword) > Count(schema, maxKeyword) ? $"{path}: '{minKeyword}' exceeds '{maxKeyword}'." : null;
        }

        private static string? CheckNumbers(JsonElement schema, string[] types, string path)
        {
            foreach (var keyword in (string[])["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"])
            {
                if (schema.TryGetProperty(keyword, out var value) && value.ValueKind != JsonValueKind.Number)
                {
                    return $"{path}/{keyword}: must be a number.";
                }

                if (value.ValueKind == JsonValueKind.Number && Math.Abs(value.GetDouble()) > Limit)
                {
                    return $"{path}/{keyword}: bounds beyond ±1e15 are not supported.";
                }
            }

            if (types.Contains("integer") && IntegerRange(schema) is var (low, high) && low > high)
            {
                return $"{path}: no integer lies within the bounds.";
            }

            if (types.Contains("number") && NumberRange(schema) is var (min, minExclusive, max, maxExclusive)
                && (min > max || (min == max && (minExclusive || maxExclusive))))
            {
                return $"{path}: no number lies within the bounds.";
            }

            return null;
        }
    }

    /// <summary>Builds one instance; alternatives are tried from a seeded choice, then in order, until one fits the limits.</summary>
    private sealed class Generator(JsonElement root, IReadOnlyList<string> words, ulong seed)
    {
        private ulong state = seed;
        private int values;

        public bool TryGenerate(JsonElement schema, int depth, out JsonNode? node)
        {
            node = null;
            if (depth > MaxDepth || ++values > MaxValues)
            {
                return false;
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                return TryResolve(root, reference.GetString()!, out var target) && TryGenerate(target, depth, out node);
            }

            if (schema.TryGetProperty("anyOf", out var anyOf))
            {
                var branches = anyOf.EnumerateArray().ToArray();
                if (depth >= ShallowDepth)
                {
                    branches = branches.OrderBy(Cost).ToArray();
                }

                foreach (var index in Order(branches.Length, depth))
                {
                    var mark = values;
                    if (TryGenerate(branches[index], depth, out node))
                    {
                        return true;
                    }

                    values = mark;
                }

                return false;
            }

            var types = DeclaredTypes(schema);
            if (schema.TryGetProperty("const", out var constant))
            {
                node = JsonNode.Parse(constant.GetRawText());
                return true;
            }

            if (schema.TryGetProperty("enum", out var options))
            {
                var candidates = options.EnumerateArray().Where(v => types.Length == 0 || types.Any(t => Matches(v, t))).ToArray();
                node = JsonNode.Parse(candidates[Next(candidates.Length)].GetRawText());
                return true;
            }

            // Near the depth limit prefer the cheapest types: Types is ordered null, boolean, …, array, object.
            var ordered = depth >= ShallowDepth ? types.OrderBy(t => Array.IndexOf(Types, t)).ToArray() : types;
            foreach (var index in Order(ordered.Length, depth))
            {
                var mark = values;
                if (TryGenerateType(schema, ordered[index], depth, out node))
                {
                    return true;
                }

                values = mark;
            }

            return false;
        }

        /// <summary>How far a branch is from a leaf: null 0, literals and scalars 1, containers and references 2 (a stable sort key).</summary>
        private static int Cost(JsonElement branch)
        {
            if (branch.TryGetProperty("enum", out _) || branch.TryGetProperty("const", out _))
            {
                return 1;
            }

            var types = DeclaredTypes(branch);
            return types.Contains("null") ? 0
                : types.Length > 0 && types.All(t => t is not ("array" or "object")) ? 1
                : 2;
        }

        /// <summary>Indexes 0..count-1 starting at a seeded one (in order from 0 near the depth limit).</summary>
        private IEnumerable<int> Order(int count, int depth)
        {
            var start = depth >= ShallowDepth ? 0 : Next(count);
            return Enumerable.Range(0, count).Select(i => (start + i) % count);
        }

        private bool TryGenerateType(JsonElement schema, string type, int depth, out JsonNode? node)
        {
            node = null;
            switch (type)
            {
                case "null":
                    return true;
                case "boolean":
                    node = JsonValue.Create(Next(2) == 1);
                    return true;
                case "integer":
                    var (low, high) = IntegerRange(schema);
                    node = JsonValue.Create(low + (long)(NextULong() % (ulong)(high - low + 1)));
                    return true;
                case "number":
                    node = JsonValue.Create(NextNumber(schema));
                    return true;
                case "string":
                    node = JsonValue.Create(NextString(schema));
                    return true;
                case "array":
                    return TryGenerateArray(schema, depth, out node);
                default:
                    return TryGenerateObject(schema, depth, out node);
            }
        }

        private bool TryGenerateArray(JsonElement schema, int depth, out JsonNode? node)
        {
            node = null;
            var min = Count(schema, "minItems") ?? 0;
            var max = Math.Min(Count(schema, "maxItems") ?? int.MaxValue, min + ExtraItems);
            var count = depth >= ShallowDepth ? min : min + Next(max - min + 1);
            var items = schema.GetProperty("items");
            var array = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                if (!TryGenerate(items, depth + 1, out var item))
                {
                    return false;
                }

                array.Add(item);
            }

            node = array;
            return true;
        }

        private bool TryGenerateObject(JsonElement schema, int depth, out JsonNode? node)
        {
            node = null;
            var result = new JsonObject();
            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    if (!TryGenerate(property.Value, depth + 1, out var value))
                    {
                        return false;
                    }

                    result[property.Name] = value;
                }
            }

            node = result;
            return true;
        }

        private double NextNumber(JsonElement schema)
        {
            var (low, lowExclusive, high, highExclusive) = NumberRange(schema);
            var value = Math.Round(low + ((high - low) * (NextULong() >> 11) / (1UL << 53)), 2);
            var fits = (lowExclusive ? value > low : value >= low) && (highExclusive ? value < high : value <= high);
            return fits ? value : low + ((high - low) / 2);
        }

        private string NextString(JsonElement schema)
        {
            var min = Count(schema, "minLength") ?? 0;
            var max = Count(schema, "maxLength") ?? int.MaxValue;
            if (schema.TryGetProperty("format", out var format) && Formatted(format.GetString()!) is { } formatted
                && formatted.Length >= min && formatted.Length <= max)
            {
                return formatted;
            }

            var start = Next(words.Count);
            var take = 1 + Next(Math.Min(4, words.Count));
            var text = new StringBuilder(string.Join(' ', Enumerable.Range(start, take).Select(i => words[i % words.Count])));
            for (var i = start + take; text.Length < min; i++)
            {
                text.Append(' ').Append(words[i % words.Count]);
            }

            var value = text.Length > max ? text.ToString(0, max) : text.ToString();
            return value.TrimEnd().Length >= min ? value.TrimEnd() : value;
        }

        /// <summary>A value of a well-known <c>format</c>, or null for any other format (which is then ignored).</summary>
        private string? Formatted(string format) => format switch
        {
            "date-time" => string.Create(CultureInfo.InvariantCulture, $"2025-{1 + Next(12):D2}-{1 + Next(28):D2}T{Next(24):D2}:{Next(60):D2}:00Z"),
            "date" => string.Create(CultureInfo.InvariantCulture, $"2025-{1 + Next(12):D2}-{1 + Next(28):D2}"),
            "time" => string.Create(CultureInfo.InvariantCulture, $"{Next(24):D2}:{Next(60):D2}:00Z"),
            "duration" => string.Create(CultureInfo.InvariantCulture, $"PT{1 + Next(59)}M"),
            "email" => string.Create(CultureInfo.InvariantCulture, $"user{Next(1000)}@example.com"),
            "hostname" => string.Create(CultureInfo.InvariantCulture, $"host{Next(1000)}.example.com"),
            "uri" => string.Create(CultureInfo.InvariantCulture, $"https://example.com/item/{Next(1000)}"),
            "ipv4" => string.Create(CultureInfo.InvariantCulture, $"10.{Next(256)}.{Next(256)}.{Next(256)}"),
            "ipv6" => string.Create(CultureInfo.InvariantCulture, $"2001:db8::{Next(65536):x}"),
            "uuid" => new Guid(BitConverter.GetBytes(NextULong()).Concat(BitConverter.GetBytes(NextULong())).ToArray()).ToString(),
            _ => null,
        };

        private int Next(int count) => count <= 1 ? 0 : (int)(NextULong() % (ulong)count);

        /// <summary>SplitMix64: a tiny, stable generator (System.Random's sequence is not guaranteed across runtimes).</summary>
        private ulong NextULong()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

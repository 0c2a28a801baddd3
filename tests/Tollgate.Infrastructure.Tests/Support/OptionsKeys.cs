using System.Reflection;
using Tollgate.Hosting;

namespace Tollgate.Infrastructure.Tests.Support;

/// <summary>
/// The configuration keys the app can be given: every settable leaf property of the options types in
/// <see cref="TollgateServiceCollectionExtensions.OptionsSections"/>, as "section:property" paths
/// ("Tollgate:Models:Deployments:&lt;name&gt;:Endpoint"). Nested classes are walked; a
/// <c>Dictionary&lt;string, T&gt;</c> contributes a <see cref="NamePlaceholder"/> segment, also when it is the section itself
/// (Tollgate:Rollouts:&lt;name&gt;:Percentage), and so does a list or array of simple values (its index). A property of a
/// type this walker cannot map (a list, an array, a DateTime, ...) throws, so a new kind of option cannot
/// slip past the parity tests unchecked.
/// </summary>
internal static class OptionsKeys
{
    public const string NamePlaceholder = "<name>";

    private static readonly HashSet<Type> SimpleTypes =
    [
        typeof(string), typeof(Uri), typeof(bool), typeof(TimeSpan), typeof(decimal), typeof(double), typeof(float),
        typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
    ];

    /// <summary>Every leaf key of the app's options, in colon form, sorted.</summary>
    public static IReadOnlyList<string> All { get; } = Of(TollgateServiceCollectionExtensions.OptionsSections);

    public static IReadOnlyList<string> Of(IReadOnlyDictionary<string, Type> sections) =>
        sections.SelectMany(section => LeavesOfValue(section.Key, section.Value, [])).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Whether <paramref name="key"/> (colon form, any case) is the leaf <paramref name="pattern"/>, a
    /// placeholder segment matching any one segment; <paramref name="name"/> is what it matched.
    /// </summary>
    public static bool Matches(string pattern, string key, out string? name) => Matches(pattern, key, prefixOnly: false, out name);

    /// <summary>Whether <paramref name="key"/> is a leaf, or a section on the path to one (Tollgate:Models).</summary>
    public static bool IsLeafOrSection(string key) =>
        All.Any(pattern => Matches(pattern, key, prefixOnly: true, out _));

    /// <summary>Colon form of an environment-style key: <c>__</c> separates sections.</summary>
    public static string FromEnvironmentStyle(string key) => key.Replace("__", ":", StringComparison.Ordinal);

    public static string ToEnvironmentStyle(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The leaf with its placeholder replaced by a deployment name.</summary>
    public static string WithName(string pattern, string name) => pattern.Replace(NamePlaceholder, name, StringComparison.Ordinal);

    private static bool Matches(string pattern, string key, bool prefixOnly, out string? name)
    {
        name = null;
        string[] expected = pattern.Split(':');
        string[] actual = key.Split(':');
        if (actual.Length > expected.Length || (!prefixOnly && actual.Length != expected.Length))
        {
            return false;
        }

        for (int i = 0; i < actual.Length; i++)
        {
            if (expected[i] == NamePlaceholder && actual[i].Length > 0)
            {
                name = actual[i];
            }
            else if (!string.Equals(expected[i], actual[i], StringComparison.OrdinalIgnoreCase))
            {
                name = null;
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> LeavesOf(string path, Type type, HashSet<Type> walking)
    {
        if (!walking.Add(type))
        {
            throw new NotSupportedException($"{path}: {type.Name} contains itself; the options walker cannot list its keys.");
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // What ConfigurationBinder binds: readable, not an indexer. Simple values also need a public setter.
            if (property.GetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            string propertyPath = $"{path}:{property.Name}";
            Type propertyType = property.PropertyType;
            if (IsSimple(propertyType))
            {
                if (property.SetMethod is { IsPublic: true })
                {
                    yield return propertyPath;
                }

                continue;
            }

            foreach (string leaf in LeavesOfValue(propertyPath, propertyType, walking))
            {
                yield return leaf;
            }
        }

        walking.Remove(type);
    }

    private static IEnumerable<string> LeavesOfValue(string path, Type type, HashSet<Type> walking)
    {
        if (IsSimple(type))
        {
            return [path];
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return LeavesOfValue($"{path}:{NamePlaceholder}", valueType, walking);
        }

        // A list of simple values binds from indexed keys (Tollgate:Callbacks:AllowedHosts:0); the index is the placeholder.
        if (ListElementType(type) is { } elementType && IsSimple(elementType))
        {
            return [$"{path}:{NamePlaceholder}"];
        }

        if (type.IsClass && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && !type.IsAbstract)
        {
            return LeavesOf(path, type, walking);
        }

        throw new NotSupportedException(
            $"{path} is a {type.Name}: the configuration parity tests cannot list its keys. Teach Support/OptionsKeys.cs how it binds.");
    }

    private static bool IsSimple(Type type)
    {
        Type underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsEnum || SimpleTypes.Contains(underlying);
    }

    private static Type? ListElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        Type? list = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>));
        return list?.GetGenericArguments()[0];
    }

    private static Type? DictionaryValueType(Type type)
    {
        Type? dictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is null)
        {
            return null;
        }

        Type[] arguments = dictionary.GetGenericArguments();
        return arguments[0] == typeof(string)
            ? arguments[1]
            : throw new NotSupportedException($"{type.Name}: only dictionaries keyed by string bind from configuration sections.");
    }
}

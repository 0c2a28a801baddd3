using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Tollgate.Prompts;

/// <summary>
/// A versioned prompt. The version is bumped by hand when the wording changes; the content hash
/// is computed from the wording, so a run record proves exactly which text was sent even if
/// someone forgot to bump the version.
/// </summary>
public sealed partial record PromptTemplate(string Id, int Version, string System, string User)
{
    /// <summary>
    /// Lower-case hex SHA-256 of the template text (system and user parts, length-prefixed). Computed
    /// from the text on every read, so a copy made with <c>with { User = … }</c> never carries a stale hash.
    /// </summary>
    public string ContentHash => ComputeHash(System, User);

    /// <summary>
    /// Fills <c>{{name}}</c> placeholders in the user part in one pass, so a value that itself
    /// contains <c>{{…}}</c> is never expanded. Every placeholder must have a value.
    /// </summary>
    public RenderedPrompt Render(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string user = Placeholder().Replace(User, match =>
            variables.TryGetValue(match.Groups[1].Value, out string? value)
                ? value
                : throw new ArgumentException(
                    $"Prompt {Id} v{Version} needs a value for '{match.Groups[1].Value}'.", nameof(variables)));
        return new RenderedPrompt(this, System, user);
    }

    /// <summary>The names of the <c>{{name}}</c> placeholders in <paramref name="text"/>.</summary>
    internal static IReadOnlySet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static string ComputeHash(string system, string user)
    {
        string canonical = $"{system.Length}:{system}\n{user.Length}:{user}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    [GeneratedRegex(@"\{\{([A-Za-z][A-Za-z0-9_]*)\}\}")]
    private static partial Regex Placeholder();
}

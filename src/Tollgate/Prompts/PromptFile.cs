using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Prompts;

/// <summary>
/// Reads a prompt file, <c>{id}.v{version}.prompt</c>: comment lines (<c>#</c>) and a <c>variables:</c> line, then a
/// <c>--- system</c> and a <c>--- user</c> section. A section's text is its lines joined with <c>\n</c>; a final empty
/// line (the file's last line break) is not part of it, and CRLF endings read as LF, so how the file was checked out
/// never changes a prompt's content hash. The declared variables must be
/// exactly the user part's placeholders: a missing or unused one is an error when the catalog loads (at start-up),
/// not at the first run that renders it.
/// </summary>
internal static partial class PromptFile
{
    public const string Extension = ".prompt";

    public static PromptTemplate Parse(string fileName, string text)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(text);
        Match name = FileName().Match(fileName);
        if (!name.Success)
        {
            throw Invalid(fileName, 0, $"the name must be {{id}}.v{{version}}{Extension} (id: lower-case letters, digits and hyphens; version from 1).");
        }

        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        HashSet<string>? variables = null;
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                string section = line[4..].Trim();
                if (section is not ("system" or "user") || sections.ContainsKey(section))
                {
                    throw Invalid(fileName, i + 1, $"'{line}' is not a new section; expected '--- system', then '--- user'.");
                }

                sections[section] = current = [];
            }
            else if (current is not null)
            {
                current.Add(line);
            }
            else if (line.StartsWith("variables:", StringComparison.Ordinal) && variables is null)
            {
                variables = [.. line["variables:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                throw Invalid(fileName, i + 1, "before the sections only '#' comments and one 'variables:' line may stand.");
            }
        }

        if (!sections.TryGetValue("system", out List<string>? system) || !sections.TryGetValue("user", out List<string>? user))
        {
            throw Invalid(fileName, lines.Length, "both a '--- system' and a '--- user' section are needed.");
        }

        var template = new PromptTemplate(name.Groups["id"].Value, int.Parse(name.Groups["version"].Value, CultureInfo.InvariantCulture),
            Join(system), Join(user));
        if (PromptTemplate.Placeholders(template.System).Count > 0)
        {
            throw Invalid(fileName, 0, "placeholders belong in the user part: the system part is sent as written.");
        }

        IReadOnlySet<string> used = PromptTemplate.Placeholders(template.User);
        variables ??= [];
        string[] undeclared = [.. used.Where(v => !variables.Contains(v)).Order(StringComparer.Ordinal)];
        string[] unused = [.. variables.Where(v => !used.Contains(v)).Order(StringComparer.Ordinal)];
        if (undeclared.Length > 0 || unused.Length > 0)
        {
            throw Invalid(fileName, 0, $"declared variables must be the user part's placeholders; undeclared: [{string.Join(", ", undeclared)}], " +
                $"unused: [{string.Join(", ", unused)}].");
        }

        return template;
    }

    /// <summary>A final empty line is the file's last line break, not text.</summary>
    private static string Join(List<string> lines) =>
        string.Join('\n', lines.Count > 0 && lines[^1].Length == 0 ? lines[..^1] : lines);

    private static InvalidOperationException Invalid(string fileName, int line, string message) =>
        new(line > 0 ? $"Prompt file {fileName}, line {line}: {message}" : $"Prompt file {fileName}: {message}");

    [GeneratedRegex(@"^(?<id>[a-z0-9][a-z0-9-]*)\.v(?<version>[1-9][0-9]{0,5})\.prompt$")]
    private static partial Regex FileName();
}

namespace Tollgate.Prompts;

/// <summary>
/// Every prompt Tollgate's workflows send, by id and version: the <c>Templates/*.prompt</c> files embedded in this
/// assembly (<see cref="PromptFile"/> reads them). Old versions stay, so a run recorded against one can be replayed
/// with the exact text. The files are read and checked once, when the catalog is first used; <c>AddTollgate</c> uses
/// it at start-up, so a broken prompt file stops the app before any run.
/// </summary>
public static class PromptCatalog
{
    private static readonly Dictionary<(string Id, int Version), PromptTemplate> Templates = Load();

    public static readonly PromptTemplate SummarizeV1 = Get("summarize", 1);

    /// <summary>Every template, by id then version.</summary>
    public static IReadOnlyList<PromptTemplate> All { get; } = [.. Templates.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ThenBy(t => t.Version)];

    public static PromptTemplate Get(string id, int version) =>
        Templates.TryGetValue((id, version), out PromptTemplate? template)
            ? template
            : throw new KeyNotFoundException($"Unknown prompt '{id}' version {version}.");

    private static Dictionary<(string Id, int Version), PromptTemplate> Load()
    {
        System.Reflection.Assembly assembly = typeof(PromptCatalog).Assembly;
        var templates = new Dictionary<(string Id, int Version), PromptTemplate>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(PromptFile.Extension, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            PromptTemplate template = PromptFile.Parse(resource, reader.ReadToEnd());
            if (!templates.TryAdd((template.Id, template.Version), template))
            {
                throw new InvalidOperationException($"Prompt {template.Id} v{template.Version} is defined twice.");
            }
        }

        return templates;
    }
}

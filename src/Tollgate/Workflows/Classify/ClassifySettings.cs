using System.ComponentModel.DataAnnotations;

namespace Tollgate.Workflows.Classify;

/// <summary><c>Tollgate:Workflows:classify:Settings</c>: the categories a message may be put in.</summary>
public sealed class ClassifySettings
{
    public static readonly IReadOnlyList<string> DefaultCategories = ["billing", "bug", "feature-request", "account", "other"];

    /// <summary>
    /// The categories, e.g. <c>Tollgate__Workflows__classify__Settings__Categories__0=billing</c>. Null means the
    /// defaults (a default list here would be appended to by the configuration binder, not replaced).
    /// </summary>
    [MinLength(2)]
    [MaxLength(50)]
    public List<string>? Categories { get; set; }

    public IReadOnlyList<string> CategoriesOrDefault() => Categories is { Count: > 0 } configured ? configured : DefaultCategories;
}

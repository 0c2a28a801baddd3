using System.ComponentModel.DataAnnotations;

namespace Tollgate.Storage;

/// <summary>
/// Where Tollgate keeps its tables. Locally a connection string (Azurite: <c>UseDevelopmentStorage=true</c>);
/// in Azure the table endpoint, reached with the app's managed identity.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Tollgate:Storage";

    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary>Prepended to every table name; lets tests and several local apps share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$|^$", ErrorMessage = "TablePrefix must be letters and digits, starting with a letter, at most 21 characters.")]
    public string TablePrefix { get; set; } = "";
}

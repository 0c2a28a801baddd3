namespace Tollgate.Hosting;

/// <summary>
/// App Service leaves a Key Vault reference's own text (<c>@Microsoft.KeyVault(...)</c>) in a setting whose secret does not
/// exist (yet). Such a value is "not configured", never a key: the one rule for every secret setting.
/// </summary>
public static class KeyVaultReferences
{
    private const string Prefix = "@Microsoft.KeyVault(";

    /// <summary>Whether <paramref name="value"/> is a Key Vault reference the platform has not resolved.</summary>
    public static bool IsUnresolved(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}

namespace Tollgate.Intake;

/// <summary>
/// Signed webhooks (<see href="https://www.standardwebhooks.com/">Standard Webhooks</see>). In Azure the
/// secret is a Key Vault reference; until the secret is set, Azure leaves the reference text in the
/// setting, which counts as "not configured" and is never used as a key.
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Tollgate:Webhooks";

    private const string UnresolvedKeyVaultReference = "@Microsoft.KeyVault(";

    /// <summary>The shared signing secret, <c>whsec_</c> followed by base64. Empty: webhooks are off.</summary>
    public string? SigningSecret { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(SigningSecret) && !SigningSecret.StartsWith(UnresolvedKeyVaultReference, StringComparison.OrdinalIgnoreCase);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Callbacks;

/// <summary>
/// Standard Webhooks signing (<see href="https://www.standardwebhooks.com/">spec</see>): <c>v1,</c> + base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c>, keyed with the base64-decoded part of a <c>whsec_</c> secret.
/// </summary>
public static class CallbackSignature
{
    private const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        byte[] key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        byte[] content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Whether <paramref name="secret"/> is <c>whsec_</c> (optional) + base64 of at least 16 bytes.</summary>
    public static bool IsUsableSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        string encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        byte[] buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out int length) && length >= 16;
    }
}

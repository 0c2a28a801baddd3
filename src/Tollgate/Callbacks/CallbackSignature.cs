using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Triggers;

namespace Tollgate.Callbacks;

/// <summary>
/// Standard Webhooks signing (<see href="https://www.standardwebhooks.com/">spec</see>): <c>v1,</c> + base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c>, keyed with the base64-decoded part of a <c>whsec_</c> secret — the scheme
/// <see cref="StandardWebhooksSource"/> verifies on the way in, with the same key rule (<see cref="StandardWebhooksSource.Key"/>).
/// </summary>
public static class CallbackSignature
{
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        byte[] key = StandardWebhooksSource.Key(secret) ?? throw new FormatException("The callback signing secret is not whsec_ followed by base64.");
        byte[] content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Whether <paramref name="secret"/> is <c>whsec_</c> (optional) + base64 of at least 16 bytes.</summary>
    public static bool IsUsableSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return StandardWebhooksSource.Key(secret) is { Length: >= 16 };
    }
}

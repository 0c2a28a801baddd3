using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Triggers;

/// <summary>
/// <see href="https://www.standardwebhooks.com/">Standard Webhooks</see>: <c>webhook-signature</c> is a space-separated
/// list of <c>v1,{base64}</c>, each the HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c> under the secret's
/// base64-decoded bytes (<c>whsec_</c> prefix dropped); the timestamp within 5 minutes of now, either way. Every
/// signature of the list is tried with every secret: a sender rotating its key sends the old and the new signature.
/// The <c>StandardWebhooks</c> 1.1.2 package is not used: it stops after the first signature of the list, reads the
/// system clock, and wants the body as a string.
/// </summary>
public sealed class StandardWebhooksSource : ITriggerSource
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public TriggerKind Kind => TriggerKind.StandardWebhooks;

    /// <summary>The key bytes of a <c>whsec_</c>+base64 secret (a bare base64 key is accepted too), or null if it is not base64.</summary>
    public static byte[]? Key(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        string encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        byte[] buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out int length) && length > 0 ? buffer[..length] : null;
    }

    public TriggerSignature Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(secrets);
        string? id = TriggerSignatures.Single(headers, IdHeader, out string? idProblem);
        string? timestamp = TriggerSignatures.Single(headers, TimestampHeader, out string? timestampProblem);
        string? list = TriggerSignatures.Single(headers, SignatureHeader, out string? signatureProblem);
        if (id is null || timestamp is null || list is null)
        {
            return TriggerSignature.Refused((idProblem ?? timestampProblem ?? signatureProblem)!);
        }

        if (TriggerSignatures.TimestampProblem(timestamp, now, Tolerance, TimestampHeader) is { } stale)
        {
            return TriggerSignature.Refused(stale);
        }

        string[] signatures = [.. list.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Select(s => s[3..])];
        if (signatures.Length == 0)
        {
            return TriggerSignature.Refused($"{SignatureHeader} has no v1 signature");
        }

        byte[] prefix = TriggerSignatures.Utf8($"{id}.{timestamp}.");
        foreach (string secret in secrets)
        {
            if (Key(secret) is not { } key)
            {
                continue;
            }

            byte[] expected = TriggerSignatures.Hmac(key, body, prefix);
            if (signatures.Any(signature => TriggerSignatures.Base64Equals(expected, signature)))
            {
                return TriggerSignature.Accepted;
            }
        }

        return TriggerSignature.Refused($"{SignatureHeader} has no v1 signature that matches a secret");
    }

    public TriggerEvent Read(JsonElement payload, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? id = TriggerSignatures.Single(headers, IdHeader, out _);
        if (id is null)
        {
            return TriggerEvent.Lacking(IdHeader);
        }

        // A payload without a type (a bare run request) is the event "", which only the filter "*" takes.
        return payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String
            ? new TriggerEvent(id, type.GetString())
            : new TriggerEvent(id, "");
    }
}

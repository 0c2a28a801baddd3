using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Triggers;

/// <summary>
/// Stripe webhooks: <c>Stripe-Signature: t={unix seconds},v1={hex},…</c>, where each <c>v1</c> is the hex HMAC-SHA256 of
/// <c>{t}.{body}</c> under the endpoint secret (the whole <c>whsec_…</c> string is the key). Several <c>v1</c> may come
/// (Stripe signs with every active secret while one is rolled); other schemes (<c>v0</c>) are ignored. The timestamp
/// must be within 300 s of now, either way. The event's <c>id</c> is the delivery id, its <c>type</c> the event.
/// </summary>
public sealed class StripeSource : ITriggerSource
{
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>Stripe's libraries' default tolerance.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    public TriggerKind Kind => TriggerKind.Stripe;

    public TriggerSignature Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(secrets);
        string? header = TriggerSignatures.Single(headers, SignatureHeader, out string? problem);
        if (header is null)
        {
            return TriggerSignature.Refused(problem!);
        }

        string? timestamp = null;
        var signatures = new List<string>();
        foreach (string item in header.Split(','))
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return TriggerSignature.Refused($"{SignatureHeader} holds an item that is not key=value");
            }

            string key = item[..equals].Trim();
            string value = item[(equals + 1)..].Trim();
            if (key == "t")
            {
                if (timestamp is not null)
                {
                    return TriggerSignature.Refused($"{SignatureHeader} has two timestamps");
                }

                timestamp = value;
            }
            else if (key == "v1")
            {
                signatures.Add(value);
            }
        }

        if (timestamp is null)
        {
            return TriggerSignature.Refused($"{SignatureHeader} has no timestamp (t=)");
        }

        if (signatures.Count == 0)
        {
            return TriggerSignature.Refused($"{SignatureHeader} has no v1 signature");
        }

        if (TriggerSignatures.TimestampProblem(timestamp, now, Tolerance, $"{SignatureHeader} t") is { } stale)
        {
            return TriggerSignature.Refused(stale);
        }

        byte[] prefix = TriggerSignatures.Utf8(timestamp + ".");
        foreach (string secret in secrets)
        {
            byte[] expected = TriggerSignatures.Hmac(TriggerSignatures.Utf8(secret), body, prefix);
            if (signatures.Any(signature => TriggerSignatures.HexEquals(expected, signature.ToLowerInvariant())))
            {
                return TriggerSignature.Accepted;
            }
        }

        return TriggerSignature.Refused($"{SignatureHeader} has no v1 signature that matches a secret");
    }

    public TriggerEvent Read(JsonElement payload, IHeaderDictionary headers)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("id", out JsonElement id) || id.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(id.GetString()))
        {
            return TriggerEvent.Lacking("id");
        }

        return payload.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String
            ? new TriggerEvent(id.GetString(), type.GetString())
            : TriggerEvent.Lacking("type");
    }
}

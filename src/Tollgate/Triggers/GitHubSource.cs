using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Triggers;

/// <summary>
/// GitHub webhooks: <c>X-Hub-Signature-256</c> is <c>sha256=</c> + hex HMAC-SHA256 of the raw body under the webhook's
/// secret; <c>X-GitHub-Delivery</c> names the delivery and <c>X-GitHub-Event</c> the event (with the payload's
/// <c>action</c>, when it has one: <c>issues.opened</c>). GitHub signs no timestamp: a captured delivery stays valid, and
/// only the idempotency key keeps it from starting a second run. The delivery id is a header GitHub does not sign, so a
/// replay could carry a new one: the key is the SHA-256 of the signed body instead (a redelivery resends the same body),
/// and the delivery id is only logged. <c>ping</c> is answered.
/// </summary>
public sealed class GitHubSource : ITriggerSource
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string DeliveryHeader = "X-GitHub-Delivery";
    public const string EventHeader = "X-GitHub-Event";

    private const string Prefix = "sha256=";

    public TriggerKind Kind => TriggerKind.GitHub;

    public TriggerSignature Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(secrets);
        string? signature = TriggerSignatures.Single(headers, SignatureHeader, out string? problem);
        if (signature is null)
        {
            return TriggerSignature.Refused(problem!);
        }

        if (!signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return TriggerSignature.Refused($"{SignatureHeader} does not start with {Prefix}");
        }

        foreach (string secret in secrets)
        {
            if (TriggerSignatures.HexEquals(TriggerSignatures.Hmac(TriggerSignatures.Utf8(secret), body), signature[Prefix.Length..].ToLowerInvariant()))
            {
                return TriggerSignature.Accepted;
            }
        }

        return TriggerSignature.Refused($"{SignatureHeader} matches no secret");
    }

    public TriggerEvent Read(JsonElement payload, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? delivery = TriggerSignatures.Single(headers, DeliveryHeader, out _);
        if (delivery is null)
        {
            return TriggerEvent.Lacking(DeliveryHeader);
        }

        string? name = TriggerSignatures.Single(headers, EventHeader, out _);
        if (name is null)
        {
            return TriggerEvent.Lacking(EventHeader);
        }

        if (name == "ping")
        {
            // GitHub sends ping when the webhook is created; answering 200 marks it working.
            return new TriggerEvent(delivery, name, Answer: new { pong = true });
        }

        string key = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload.GetRawText())));
        return payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("action", out JsonElement action) && action.ValueKind == JsonValueKind.String
            ? new TriggerEvent(delivery, $"{name}.{action.GetString()}", SignedKey: key)
            : new TriggerEvent(delivery, name, SignedKey: key);
    }
}

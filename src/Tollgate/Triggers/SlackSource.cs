using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Triggers;

/// <summary>
/// Slack's Events API: <c>X-Slack-Signature: v0=</c> + hex HMAC-SHA256 of <c>v0:{X-Slack-Request-Timestamp}:{body}</c>
/// under the app's signing secret, the timestamp within 5 minutes of now. A <c>url_verification</c> is answered with its
/// challenge (only once signed); an <c>event_callback</c>'s <c>event_id</c> is the delivery id and its inner
/// <c>event.type</c> the event. Slack retries with the same <c>event_id</c> and <c>X-Slack-Retry-Num</c>: the repeat
/// answers with the first run. Events only: slash commands (form-encoded) are not handled.
/// </summary>
public sealed class SlackSource : ITriggerSource
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string RetryHeader = "X-Slack-Retry-Num";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const string Prefix = "v0=";

    public TriggerKind Kind => TriggerKind.Slack;

    public TriggerSignature Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(secrets);
        string? signature = TriggerSignatures.Single(headers, SignatureHeader, out string? problem);
        string? timestamp = TriggerSignatures.Single(headers, TimestampHeader, out string? timestampProblem);
        if (signature is null || timestamp is null)
        {
            return TriggerSignature.Refused((problem ?? timestampProblem)!);
        }

        if (!signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return TriggerSignature.Refused($"{SignatureHeader} does not start with {Prefix}");
        }

        if (TriggerSignatures.TimestampProblem(timestamp, now, Tolerance, TimestampHeader) is { } stale)
        {
            return TriggerSignature.Refused(stale);
        }

        byte[] prefix = TriggerSignatures.Utf8($"v0:{timestamp}:");
        foreach (string secret in secrets)
        {
            if (TriggerSignatures.HexEquals(TriggerSignatures.Hmac(TriggerSignatures.Utf8(secret), body, prefix), signature[Prefix.Length..].ToLowerInvariant()))
            {
                return TriggerSignature.Accepted;
            }
        }

        return TriggerSignature.Refused($"{SignatureHeader} matches no secret");
    }

    public TriggerEvent Read(JsonElement payload, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
        {
            return TriggerEvent.Lacking("type");
        }

        if (type.GetString() == "url_verification")
        {
            return payload.TryGetProperty("challenge", out JsonElement challenge) && challenge.ValueKind == JsonValueKind.String
                ? new TriggerEvent(null, "url_verification", Answer: new { challenge = challenge.GetString() })
                : TriggerEvent.Lacking("challenge");
        }

        if (!payload.TryGetProperty("event_id", out JsonElement id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
        {
            return TriggerEvent.Lacking("event_id");
        }

        bool retry = headers.ContainsKey(RetryHeader);
        return payload.TryGetProperty("event", out JsonElement inner) && inner.ValueKind == JsonValueKind.Object
            && inner.TryGetProperty("type", out JsonElement innerType) && innerType.ValueKind == JsonValueKind.String
            ? new TriggerEvent(id.GetString(), innerType.GetString(), Redelivery: retry)
            : TriggerEvent.Lacking("event.type");
    }
}

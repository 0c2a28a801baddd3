using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Triggers;

/// <summary>
/// One sender's signing scheme and event shape. <see cref="Verify"/> sees only the raw body bytes and the headers: the
/// body is parsed as JSON only after a signature matched, and <see cref="Read"/> then names the delivery and its event.
/// </summary>
public interface ITriggerSource
{
    /// <summary>The kind of trigger this source serves.</summary>
    TriggerKind Kind { get; }

    /// <summary>
    /// Whether <paramref name="body"/> was signed, as the provider specifies, with one of <paramref name="secrets"/> (every
    /// secret is tried against every signature the delivery carries), within the provider's window around <paramref name="now"/>.
    /// </summary>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="secrets">The trigger's secrets (one, or two during a rotation).</param>
    /// <param name="now">The current time, for the timestamp window.</param>
    /// <returns>The verdict; a refusal says why, never with a secret in it.</returns>
    TriggerSignature Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, IReadOnlyList<string> secrets, DateTimeOffset now);

    /// <summary>The verified delivery's id, event name, and whether the sender expects an answer instead of a run.</summary>
    /// <param name="payload">The verified body, parsed.</param>
    /// <param name="headers">The request headers.</param>
    /// <returns>What the delivery is.</returns>
    TriggerEvent Read(JsonElement payload, IHeaderDictionary headers);
}

namespace Tollgate.Triggers;

/// <summary>
/// A verified delivery: its <paramref name="DeliveryId"/> (the idempotency key within the trigger), the
/// <paramref name="Name"/> the trigger's event filter matches, and, for a handshake the sender expects answered instead
/// of a run (GitHub's <c>ping</c>, Slack's <c>url_verification</c>), the <paramref name="Answer"/> to send back with 200.
/// <paramref name="Missing"/> names what the payload lacks to be handled at all.
/// </summary>
/// <param name="DeliveryId">The sender's delivery id.</param>
/// <param name="Name">The event's name as the filter sees it.</param>
/// <param name="Answer">A handshake's answer, or null.</param>
/// <param name="Missing">The field the delivery lacks, or null.</param>
/// <param name="Redelivery">The sender says this is a retry of an earlier delivery.</param>
/// <param name="SignedKey">
/// What identifies the delivery under its signature, when the delivery id itself is not signed (GitHub's header): the
/// idempotency key then, so a replay under a made-up delivery id is still a repeat.
/// </param>
public sealed record TriggerEvent(string? DeliveryId, string? Name, object? Answer = null, string? Missing = null, bool Redelivery = false,
    string? SignedKey = null)
{
    /// <summary>The idempotency key within the trigger.</summary>
    public string? Key => SignedKey ?? DeliveryId;

    public static TriggerEvent Lacking(string field) => new(null, null, Missing: field);
}

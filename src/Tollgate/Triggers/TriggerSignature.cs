namespace Tollgate.Triggers;

/// <summary>The verdict on a delivery's signature: valid, or refused with the reason (logged, never answered in detail).</summary>
/// <param name="Valid">A signature matched one of the trigger's secrets within the timestamp window.</param>
/// <param name="Reason">Why it was refused; null when valid.</param>
public sealed record TriggerSignature(bool Valid, string? Reason)
{
    public static TriggerSignature Accepted { get; } = new(true, null);

    public static TriggerSignature Refused(string reason) => new(false, reason);
}

namespace Tollgate.Triggers;

/// <summary>The answer to an event a trigger does not handle: 202, so the sender neither retries nor flags it.</summary>
/// <param name="Ignored">Always true.</param>
/// <param name="Reason">Which trigger and event.</param>
public sealed record TriggerIgnored(bool Ignored, string Reason);

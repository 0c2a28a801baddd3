namespace Tollgate.Intake;

/// <summary>What became of a queued run request.</summary>
/// <param name="RunId">The run it started, or the run a redelivery found.</param>
/// <param name="PoisonReason">Why the message can never succeed; it then belongs in the poison queue as it is.</param>
public sealed record QueueRunOutcome(string? RunId, string? PoisonReason);

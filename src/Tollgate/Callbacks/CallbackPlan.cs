namespace Tollgate.Callbacks;

/// <summary>
/// A run's callback as the orchestration carries it, snapshotted when the run starts so every replay of the
/// orchestration sees the same schedule. Never the secret: the delivering activity reads it from options.
/// </summary>
/// <param name="Url">Where the result goes (already validated).</param>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
/// <param name="FirstRetryDelay">The wait before the first retry (<see cref="CallbackSchedule"/>).</param>
public sealed record CallbackPlan(Uri Url, int MaxAttempts, TimeSpan FirstRetryDelay);

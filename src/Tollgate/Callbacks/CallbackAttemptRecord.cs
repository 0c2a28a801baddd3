namespace Tollgate.Callbacks;

/// <summary>
/// One delivery attempt of a run's callback (partition = run id, row <c>callback|{NNN}</c>, so a re-executed activity
/// finds its attempt instead of recording it twice). <see cref="Final"/>: no attempt follows this one.
/// </summary>
public sealed record CallbackAttemptRecord(
    string RunId,
    int Attempt,
    DateTimeOffset At,
    CallbackOutcome Outcome,
    int? StatusCode,
    string? Error,
    long DurationMilliseconds,
    bool Final);

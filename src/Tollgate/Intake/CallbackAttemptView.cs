using Tollgate.Callbacks;

namespace Tollgate.Intake;

/// <summary>One delivery attempt of a run's callback as the API shows it.</summary>
public sealed record CallbackAttemptView(int Attempt, DateTimeOffset At, string Outcome, int? StatusCode, string? Error, long DurationMs)
{
    public static CallbackAttemptView From(CallbackAttemptRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Attempt, a.At, a.Outcome.ToString(), a.StatusCode, a.Error, a.DurationMilliseconds);
    }
}

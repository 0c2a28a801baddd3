namespace Tollgate.Callbacks;

/// <summary>When a failed delivery is tried again: the n-th retry waits FirstRetryDelay × 2^(n-1), at most an hour.</summary>
public static class CallbackSchedule
{
    /// <summary>The wait after failed attempt <paramref name="failedAttempt"/> (1-based) before the next.</summary>
    public static TimeSpan RetryDelay(TimeSpan firstRetryDelay, int failedAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        // Doubling past 2^20 passes any cap; stopping there also keeps the arithmetic far from overflow.
        double factor = Math.Pow(2, Math.Min(failedAttempt - 1, 20));
        double ticks = Math.Min(firstRetryDelay.Ticks * factor, CallbackOptions.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}

using Tollgate.Callbacks;

namespace Tollgate.Intake;

/// <summary>
/// A run's callback as the API shows it: where it goes (scheme, host, port and path only: a query string may hold the
/// receiver's token), where it stands, and every attempt.
/// </summary>
public sealed record CallbackView(string Url, string State, IReadOnlyList<CallbackAttemptView> Attempts)
{
    public static CallbackView From(string url, IReadOnlyList<CallbackAttemptRecord> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        return new(url, StateOf(attempts).ToString(), [.. attempts.OrderBy(a => a.Attempt).Select(CallbackAttemptView.From)]);
    }

    /// <summary>Delivered if an attempt was; otherwise the last attempt decides once it is final; otherwise pending.</summary>
    public static CallbackState StateOf(IReadOnlyList<CallbackAttemptRecord> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        if (attempts.Any(a => a.Outcome == CallbackOutcome.Delivered))
        {
            return CallbackState.Delivered;
        }

        CallbackAttemptRecord? last = attempts.MaxBy(a => a.Attempt);
        return last is { Final: true }
            ? last.Outcome == CallbackOutcome.Refused ? CallbackState.Refused : CallbackState.Failed
            : CallbackState.Pending;
    }

    /// <summary>The part of a callback URL that is shown and stored: no user-info, query or fragment.</summary>
    public static string Display(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }
}

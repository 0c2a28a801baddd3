namespace Tollgate.Callbacks;

/// <summary>The <c>DeliverCallback</c> activity's input: which run, where, which attempt of how many.</summary>
public sealed record CallbackAttemptRequest(string RunId, Uri Url, int Attempt, int MaxAttempts);

namespace Tollgate.Testing;

/// <summary>
/// The script a <see cref="WorkflowTestHost"/> answers model requests from, in order: each request takes the first
/// pending <see cref="ScriptedAnswer"/> that is for any deployment or for the request's deployment. The host serves it
/// over loopback HTTP in the OpenAI chat-completions wire format, so the workflow's calls go through the real gateway and
/// the real OpenAI SDK. A request the script has no answer for gets an HTTP 400, and the run that made it fails the test
/// with a <see cref="WorkflowAssertionException"/>. Answers may be added at any time, also between runs. Thread-safe.
/// </summary>
public sealed class ScriptedModel
{
    private readonly Lock _gate = new();
    private readonly List<ScriptedAnswer> _pending = [];

    /// <summary>The answers not yet taken, in order.</summary>
    public IReadOnlyList<ScriptedAnswer> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _pending];
            }
        }
    }

    /// <summary>Adds answers at the end of the script.</summary>
    public ScriptedModel Then(params ScriptedAnswer[] answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        lock (_gate)
        {
            _pending.AddRange(answers);
        }

        return this;
    }

    /// <summary>Adds a free-text answer (<see cref="ScriptedAnswer.Text"/>).</summary>
    public ScriptedModel Answer(string text) => Then(ScriptedAnswer.Text(text));

    /// <summary>Adds a structured answer (<see cref="ScriptedAnswer.Json"/>).</summary>
    public ScriptedModel AnswerJson(object value) => Then(ScriptedAnswer.Json(value));

    /// <summary>Adds a 429 with <c>Retry-After</c>, for any deployment or only <paramref name="deployment"/>.</summary>
    public ScriptedModel RateLimited(TimeSpan retryAfter, string? deployment = null) =>
        Then(deployment is null ? ScriptedAnswer.RateLimited(retryAfter) : ScriptedAnswer.RateLimited(retryAfter).On(deployment));

    /// <summary>Drops every pending answer.</summary>
    public ScriptedModel Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }

        return this;
    }

    /// <summary>Takes the answer for the next request to <paramref name="deployment"/>, or null when the script has none.</summary>
    internal ScriptedAnswer? Take(string deployment)
    {
        lock (_gate)
        {
            int index = _pending.FindIndex(a => a.Deployment is null || string.Equals(a.Deployment, deployment, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            ScriptedAnswer answer = _pending[index];
            _pending.RemoveAt(index);
            return answer;
        }
    }
}

namespace Tollgate.Triggers;

/// <summary>
/// One trigger, <c>Tollgate:Triggers:{name}</c>: who may call <c>POST /api/triggers/{name}</c> (its <see cref="Kind"/>
/// and <see cref="Secrets"/>), which of the sender's events it handles (<see cref="Events"/>), the workflow they start,
/// and how an event becomes that workflow's input (<see cref="Input"/>) and user (<see cref="User"/> or
/// <see cref="UserId"/>). Read by <see cref="TriggerOptions.Load"/>, checked by <see cref="TriggerOptionsValidator"/>.
/// </summary>
public sealed class TriggerSettings
{
    /// <summary>The sender's signing scheme.</summary>
    public TriggerKind? Kind { get; set; }

    /// <summary>
    /// One or two signing secrets (<c>Secrets:0</c>, <c>Secrets:1</c>); a delivery signed with any of them is accepted, so a
    /// secret is rotated by adding the new one, switching the sender, then removing the old one.
    /// </summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>The catalog workflow an event starts.</summary>
    public string? Workflow { get; set; }

    /// <summary>
    /// The events handled (<c>Events:0</c>, … or one comma-separated value): GitHub <c>{X-GitHub-Event}.{action}</c>
    /// (<c>issues.opened</c>, or the bare event for one without an action), Stripe the event <c>type</c>, Slack the inner
    /// <c>event.type</c>, Standard Webhooks the payload's <c>type</c>. Any other event is answered 202 and ignored.
    /// </summary>
    public List<string> Events { get; set; } = [];

    /// <summary>
    /// The workflow's input, per field: JSON Pointers (RFC 6901) into the event. One pointer copies its value; several
    /// (<c>Input:text:0</c>, <c>Input:text:1</c>) join their strings with a blank line, skipping missing or null ones.
    /// </summary>
    public Dictionary<string, List<string>> Input { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A JSON Pointer to the user the run is charged to (<c>/repository/owner/login</c>); or set <see cref="UserId"/>.</summary>
    public string? User { get; set; }

    /// <summary>A fixed account every run of this trigger is charged to; or set <see cref="User"/>.</summary>
    public string? UserId { get; set; }

    /// <summary>Optional: where each run's signed result is POSTed when it ends (see <see cref="Callbacks.CallbackTargets"/>, which checks it per run).</summary>
    public Uri? CallbackUrl { get; set; }
}

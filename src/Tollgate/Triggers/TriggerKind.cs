namespace Tollgate.Triggers;

/// <summary>How a trigger's sender signs its deliveries and names its events; one <see cref="ITriggerSource"/> each.</summary>
public enum TriggerKind
{
    /// <summary><c>X-Hub-Signature-256</c>, <c>X-GitHub-Delivery</c>, <c>X-GitHub-Event</c>.</summary>
    GitHub,

    /// <summary><c>Stripe-Signature</c> (<c>t=…,v1=…</c>); the event's <c>id</c> and <c>type</c>.</summary>
    Stripe,

    /// <summary>Slack Events API: <c>X-Slack-Signature</c> over <c>v0:{timestamp}:{body}</c>; <c>event_id</c>, <c>event.type</c>.</summary>
    Slack,

    /// <summary><see href="https://www.standardwebhooks.com/">Standard Webhooks</see>: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>.</summary>
    StandardWebhooks,
}

using DurableTask.Core;
using DurableTask.Core.History;

namespace Tollgate.DevHost.Durable;

/// <summary>
/// Works around two gaps between the sidecar (InProcessTestHost 0.2.3-preview.1) and the Azure Storage backend that
/// stop a sub-orchestration from ever reporting back to its parent:
/// <list type="number">
/// <item>the sidecar hands the child's tags over as the protobuf <c>MapField&lt;string, string&gt;</c> it read them into,
/// and the backend writes queue messages with their .NET type names, so the child's start message names a type the
/// reading side cannot resolve ("Error resolving type specified in JSON 'Google.Protobuf.Collections.MapField…'");</item>
/// <item>the parent's history gets the sidecar's own subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/>,
/// which the backend's history-table writer stores without its <c>EventType</c>, so the parent's history can never be
/// read again ("The TableEntity did not contain a 'EventType' property") and the child's completion is never applied.</item>
/// </list>
/// Both are undone just before the backend sees them: tags copied into a plain dictionary, the event replaced by a
/// plain one with the same fields. The Functions host's Durable extension has neither gap. <c>SubOrchestrationFixTests</c>
/// check the rewrite; <c>EnrichmentJobTests</c>
/// (sub-orchestrations on the DevHost) fail without this.
/// </summary>
internal static class SubOrchestrationFix
{
    public static void Apply(IEnumerable<TaskMessage>? messages)
    {
        foreach (TaskMessage message in messages ?? [])
        {
            Apply(message);
        }
    }

    public static void Apply(TaskMessage? message)
    {
        if (message?.Event is ExecutionStartedEvent started)
        {
            PlainTags(started);
        }
    }

    public static void Apply(OrchestrationRuntimeState? state)
    {
        if (state is null)
        {
            return;
        }

        Replace(state.NewEvents);
        Replace(state.Events);
    }

    private static void Replace(IList<HistoryEvent> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            switch (events[i])
            {
                case ExecutionStartedEvent started:
                    PlainTags(started);
                    break;
                case SubOrchestrationInstanceCreatedEvent created when created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent):
                    events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                    {
                        Name = created.Name,
                        Version = created.Version,
                        InstanceId = created.InstanceId,
                        Input = created.Input,
                        Timestamp = created.Timestamp,
                        IsPlayed = created.IsPlayed,
                    };
                    break;
            }
        }
    }

    private static void PlainTags(ExecutionStartedEvent started)
    {
        if (started.Tags is { } tags && tags.GetType() != typeof(Dictionary<string, string>))
        {
            started.Tags = new Dictionary<string, string>(tags);
        }
    }
}

using DurableTask.Core;
using DurableTask.Core.History;
using Google.Protobuf.Collections;
using Microsoft.DurableTask.Testing.Sidecar.Dispatcher;
using Tollgate.DevHost.Durable;

namespace Tollgate.Tests.DevHost;

/// <summary>
/// What the DevHost hands the Azure Storage backend for a sub-orchestration: plain tag dictionaries and plain history
/// events, never the sidecar's protobuf map or its event subclass (which that backend cannot read back; the end-to-end
/// proof is EnrichmentJobTests, whose items are sub-orchestrations).
/// </summary>
public sealed class SubOrchestrationFixTests
{
    [Fact]
    public void AChildsStartMessageCarriesPlainTags()
    {
        var tags = new MapField<string, string> { ["origin"] = "job" };
        var message = new TaskMessage
        {
            Event = new ExecutionStartedEvent(-1, "{}") { Tags = tags, OrchestrationInstance = new OrchestrationInstance { InstanceId = "child" } },
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "child" },
        };

        SubOrchestrationFix.Apply([message]);

        IDictionary<string, string> fixedTags = ((ExecutionStartedEvent)message.Event).Tags;
        Assert.IsType<Dictionary<string, string>>(fixedTags);
        Assert.Equal("job", fixedTags["origin"]);
    }

    [Fact]
    public void TheParentsHistoryGetsAPlainCreatedEventWithTheSameFields()
    {
        var state = new OrchestrationRuntimeState();
        state.AddEvent(new ExecutionStartedEvent(-1, "{}") { Name = "EnrichmentJob", OrchestrationInstance = new OrchestrationInstance { InstanceId = "parent", ExecutionId = "1" } });
        state.AddEvent(new GrpcSubOrchestrationInstanceCreatedEvent(7) { Name = "Workflow", InstanceId = "child", Input = "{\"a\":1}" });

        SubOrchestrationFix.Apply(state);

        foreach (IList<HistoryEvent> events in new[] { state.Events, state.NewEvents })
        {
            SubOrchestrationInstanceCreatedEvent created = Assert.Single(events.OfType<SubOrchestrationInstanceCreatedEvent>());
            Assert.Equal(typeof(SubOrchestrationInstanceCreatedEvent), created.GetType());
            Assert.Equal((7, "Workflow", "child", "{\"a\":1}"), (created.EventId, created.Name, created.InstanceId, created.Input));
        }
    }

    [Fact]
    public void EverythingElsePassesUnchanged()
    {
        var plain = new Dictionary<string, string> { ["k"] = "v" };
        var started = new ExecutionStartedEvent(-1, "{}") { Tags = plain };
        var scheduled = new TaskScheduledEvent(3, "CallModel");
        var state = new OrchestrationRuntimeState();
        state.AddEvent(started);
        state.AddEvent(scheduled);

        SubOrchestrationFix.Apply(state);
        SubOrchestrationFix.Apply((TaskMessage?)null);

        Assert.Same(plain, started.Tags);
        Assert.Same(scheduled, state.Events[1]);
    }
}

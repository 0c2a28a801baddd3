using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>A real client whose scheduling the workflow engine refuses, as a backend outage would.</summary>
public sealed class RefusingDurableClient(DurableTaskClient inner) : DurableTaskClient("refusing")
{
    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        throw new InvalidOperationException("The test's workflow engine is down.");

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => inner.GetAllInstancesAsync(filter);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

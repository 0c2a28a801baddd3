using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Tollgate.Tests.Support;

/// <summary>
/// A Durable Task client that records every call made to it. Scheduling succeeds (or fails, when
/// asked to); any other operation throws, so a handler that uses one unexpectedly is caught.
/// </summary>
internal sealed class RecordingDurableClient(bool failScheduling = false) : DurableTaskClient("recording")
{
    private readonly List<string> _calls = [];

    /// <summary>Every call, in order, by member name.</summary>
    public IReadOnlyList<string> Calls => _calls;

    /// <summary>The orchestrations that were scheduled: name, instance id and input.</summary>
    public List<(string Name, string? InstanceId, object? Input)> Scheduled { get; } = [];

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        _calls.Add(nameof(ScheduleNewOrchestrationInstanceAsync));
        if (failScheduling)
        {
            throw new InvalidOperationException("Scheduling refused by the test.");
        }

        Scheduled.Add((orchestratorName.Name, options?.InstanceId, input));
        return Task.FromResult(options?.InstanceId ?? "instance");
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Unexpected<OrchestrationMetadata?>(nameof(GetInstancesAsync));

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        _calls.Add(nameof(GetAllInstancesAsync));
        throw new InvalidOperationException($"{nameof(GetAllInstancesAsync)} was not expected.");
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        Unexpected<object?>(nameof(RaiseEventAsync));

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Unexpected<object?>(nameof(ResumeInstanceAsync));

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Unexpected<object?>(nameof(SuspendInstanceAsync));

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Unexpected<OrchestrationMetadata>(nameof(WaitForInstanceCompletionAsync));

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Unexpected<OrchestrationMetadata>(nameof(WaitForInstanceStartAsync));

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<T> Unexpected<T>(string member)
    {
        _calls.Add(member);
        return Task.FromException<T>(new InvalidOperationException($"{member} was not expected."));
    }
}

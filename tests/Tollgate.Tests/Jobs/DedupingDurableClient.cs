using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Tollgate.Tests.Jobs;

/// <summary>
/// A Durable Task client that, like a backend given every dedupe status, refuses a second schedule of an instance id,
/// and knows the instances it scheduled.
/// </summary>
internal sealed class DedupingDurableClient : DurableTaskClient
{
    public DedupingDurableClient()
        : base("deduping")
    {
    }

    /// <summary>Instance ids scheduled, in order, with their inputs.</summary>
    public List<(string InstanceId, object? Input)> Scheduled { get; } = [];

    public int Refused { get; private set; }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        string id = options?.InstanceId ?? throw new InvalidOperationException("No instance id.");
        if (Scheduled.Any(s => s.InstanceId == id))
        {
            Refused++;
            throw new InvalidOperationException($"An instance with id {id} already exists.");
        }

        Scheduled.Add((id, input));
        return Task.FromResult(id);
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Task.FromResult(Scheduled.Any(s => s.InstanceId == instanceId)
            ? new OrchestrationMetadata(EnrichmentName, instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Running }
            : null);

    private const string EnrichmentName = Tollgate.Jobs.EnrichmentJobOrchestrator.Name;

    /// <summary>Instance ids that have finished: no longer Running to a query.</summary>
    public HashSet<string> Finished { get; } = [];

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create((string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            OrchestrationMetadata[] running = [.. Scheduled
                .Where(s => !Finished.Contains(s.InstanceId) && s.InstanceId.StartsWith(filter?.InstanceIdPrefix ?? "", StringComparison.Ordinal))
                .Select(s => new OrchestrationMetadata(EnrichmentName, s.InstanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Running })];
            return Task.FromResult(new Page<OrchestrationMetadata>(running, continuationToken: null));
        });

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

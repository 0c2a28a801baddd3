using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Jobs;
using Tollgate.Workflows;

namespace Tollgate.Tests.Jobs;

/// <summary>
/// An orchestration context for <see cref="EnrichmentJobOrchestrator"/>, whose batches (<see cref="EnrichmentJobBatchOrchestrator"/>)
/// run inline on it: claims answer from a list of pages, each item's
/// sub-orchestration is a task the test completes (or fails) when it chooses, write-backs are priced from a table of
/// item costs, and ContinueAsNew, releases and custom statuses are recorded.
/// </summary>
internal sealed class JobOrchestrationContext(IEnumerable<IReadOnlyList<ClaimedItem>> pages, IReadOnlyDictionary<string, decimal> costs) : TaskOrchestrationContext
{
    private readonly Queue<IReadOnlyList<ClaimedItem>> _pages = new(pages);

    /// <summary>Item sub-orchestrations in the order they were started, by run id.</summary>
    public List<(string RunId, TaskCompletionSource<object?> Run)> Started { get; } = [];

    public List<RecordRequest> Recorded { get; } = [];

    public List<ReleaseRequest> Released { get; } = [];

    public List<JobState> Statuses { get; } = [];

    public JobState? ContinuedAs { get; private set; }

    /// <summary>When set, every item run completes as soon as it starts.</summary>
    public bool CompleteAtOnce { get; init; }

    public int InFlight => Started.Count(s => !s.Run.Task.IsCompleted);

    public override TaskName Name => EnrichmentJobOrchestrator.Name;

    public override string InstanceId => "job:leads:20261129T120000Z";

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime { get; } = new(2026, 11, 29, 12, 0, 1, DateTimeKind.Utc);

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    public void Complete(int index) => Started[index].Run.SetResult(null);

    public void Fail(int index) => Started[index].Run.SetException(
        new TaskFailedException(WorkflowOrchestrator.Name, index, new TaskFailureDetails("ModelCallFailedException", "every deployment failed", null, null, null)));

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        object result = name.Name switch
        {
            TollgateTasks.ClaimJobItems => _pages.Count > 0 ? _pages.Dequeue() : (IReadOnlyList<ClaimedItem>)[],
            TollgateTasks.RecordJobItems => Record(Assert.IsType<RecordRequest>(input)),
            TollgateTasks.ReleaseJobItems => Release(Assert.IsType<ReleaseRequest>(input)),
            _ => throw new InvalidOperationException($"Unexpected activity {name.Name}."),
        };
        return Task.FromResult((TResult)result);
    }

    private RecordResult Record(RecordRequest request)
    {
        Recorded.Add(request);
        return new RecordResult(request.Items.Sum(i => costs.GetValueOrDefault(i.ItemId)), request.Items.Count(i => i.Succeeded),
            request.Items.Count(i => !i.Succeeded));
    }

    private int Release(ReleaseRequest request)
    {
        Released.Add(request);
        return request.ItemIds.Count;
    }

    /// <summary>The batches the job started, by instance id.</summary>
    public List<(string InstanceId, JobBatch Batch)> Batches { get; } = [];

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        if (orchestratorName.Name == EnrichmentJobBatchOrchestrator.Name)
        {
            // A batch runs here, on this same context: its item runs are the ones the tests complete and count.
            JobBatch batch = Assert.IsType<JobBatch>(input);
            Batches.Add((Assert.IsType<SubOrchestrationOptions>(options).InstanceId!, batch));
            return (Task<TResult>)(object)new EnrichmentJobBatchOrchestrator().RunAsync(this, batch);
        }

        Assert.Equal(WorkflowOrchestrator.Name, orchestratorName.Name);
        Assert.IsType<WorkflowStart>(input);
        string runId = Assert.IsType<SubOrchestrationOptions>(options).InstanceId!;
        var run = new TaskCompletionSource<object?>();
        Started.Add((runId, run));
        if (CompleteAtOnce)
        {
            run.SetResult(null);
        }

        return run.Task.ContinueWith(t => (TResult)t.GetAwaiter().GetResult()!, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => ContinuedAs = Assert.IsType<JobState>(newInput);

    public override void SetCustomStatus(object? customStatus) => Statuses.Add(Assert.IsType<JobState>(customStatus));

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => throw new NotSupportedException();

    public override Guid NewGuid() => throw new NotSupportedException();

    public override T GetInput<T>() => throw new NotSupportedException();

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

using System.Threading.Channels;
using DurableTask.Core;

namespace Tollgate.DevHost.Durable;

/// <summary>
/// Serves the sidecar's activity dispatcher from several concurrent fetches of the backend's work-item queue.
/// </summary>
/// <remarks>
/// The sidecar fetches activities one at a time, and each fetch is a queue round trip. Against Azure Storage that
/// is a few milliseconds; against Azurite under load (one Node.js thread serving every table and queue call) it is
/// 30-100 ms, which alone capped the DevHost at about 10-20 activities per second whatever the concurrency limit.
/// Everything except the activity fetch goes straight to the backend, and at most <c>fetchers</c> locked items wait
/// in the buffer, well inside their visibility timeout; items still buffered at shutdown are abandoned so they
/// reappear at once. The sidecar's client API (start, query, purge) does not go through this class.
/// </remarks>
internal sealed class ParallelActivityFetch(IOrchestrationService backend, int fetchers) : IOrchestrationService, IDisposable
{
    private readonly Channel<TaskActivityWorkItem> _ready = Channel.CreateBounded<TaskActivityWorkItem>(fetchers);
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _loops = [];

    public int TaskOrchestrationDispatcherCount => backend.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => backend.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => backend.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => backend.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => backend.MaxConcurrentTaskActivityWorkItems;

    public async Task StartAsync()
    {
        await backend.StartAsync().ConfigureAwait(false);
        _loops = [.. Enumerable.Range(0, fetchers).Select(_ => Task.Run(() => FetchAsync(_stopping.Token)))];
    }

    public Task StopAsync() => StopAsync(isForced: false);

    public async Task StopAsync(bool isForced)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_loops).ConfigureAwait(false);
            while (_ready.Reader.TryRead(out TaskActivityWorkItem? unused))
            {
                await backend.AbandonTaskActivityWorkItemAsync(unused).ConfigureAwait(false);
            }
        }

        await backend.StopAsync(isForced).ConfigureAwait(false);
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(receiveTimeout);
        try
        {
            return await _ready.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null!; // the contract: no work item within the timeout
        }
    }

    /// <summary>Disposes the backend too: this wrapper owns it.</summary>
    public void Dispose()
    {
        _stopping.Dispose();
        (backend as IDisposable)?.Dispose();
    }

    public Task CreateAsync() => backend.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => backend.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => backend.CreateIfNotExistsAsync();

    public Task DeleteAsync() => backend.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => backend.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        backend.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => backend.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => backend.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        backend.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => backend.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        backend.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages,
            continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => backend.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => backend.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => backend.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        backend.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => backend.AbandonTaskActivityWorkItemAsync(workItem);

    private async Task FetchAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TaskActivityWorkItem? item = null;
            try
            {
                // Room first, so that no item is locked without a place to go.
                if (!await _ready.Writer.WaitToWriteAsync(stopping).ConfigureAwait(false))
                {
                    return;
                }

                item = await backend.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), stopping).ConfigureAwait(false);
                if (item is not null)
                {
                    await _ready.Writer.WriteAsync(item, stopping).ConfigureAwait(false);
                    item = null;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                if (item is not null)
                {
                    await backend.AbandonTaskActivityWorkItemAsync(item).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // As the sidecar's own loop does on a failed fetch: wait the backend's advised delay, then go on.
                int delaySeconds = backend.GetDelayInSecondsAfterOnFetchException(ex);
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(delaySeconds, 1)), stopping).ConfigureAwait(false);
            }
        }
    }
}

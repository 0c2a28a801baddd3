using System.Collections.Concurrent;
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
/// A fetched item's queue lock runs from the moment it is fetched, so items are fetched only while fewer than
/// <see cref="MaxConcurrentTaskActivityWorkItems"/> are locked in all (running, buffered or being fetched): the
/// sidecar runs that many at once, so a buffered item waits only until the sidecar's next fetch, never behind a
/// running call. Everything except the activity fetch goes straight to the backend; the sidecar's client API
/// (start, query, purge) does not use this class at all. The backend's work-item queue was written for one caller:
/// concurrent fetches are safe at the queue (each message is dequeued by one of them) and share its idle backoff.
/// Items still buffered at shutdown are abandoned (the Azure Storage backend then hides them for a few seconds
/// before they reappear). Completed orchestration work items pass through <see cref="SubOrchestrationFix"/> on their way to the backend.
/// </remarks>
internal sealed partial class ParallelActivityFetch : IOrchestrationService, IDisposable
{
    private readonly IOrchestrationService _backend;
    private readonly int _fetchers;
    private readonly Channel<TaskActivityWorkItem> _ready;
    private readonly SemaphoreSlim _lockedSlots;
    private readonly ConcurrentDictionary<string, TaskActivityWorkItem> _handedOut = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private const int NotStarted = 0;
    private const int Started = 1;
    private const int Stopped = 2;

    private readonly ILogger _logger;
    private Task[] _loops = [];
    private int _state = NotStarted;

    public ParallelActivityFetch(IOrchestrationService backend, int fetchers, ILogger logger)
    {
        _backend = backend;
        _logger = logger;
        _fetchers = fetchers;
        _ready = Channel.CreateBounded<TaskActivityWorkItem>(fetchers);
        _lockedSlots = new SemaphoreSlim(_backend.MaxConcurrentTaskActivityWorkItems, _backend.MaxConcurrentTaskActivityWorkItems);
    }

    public int TaskOrchestrationDispatcherCount => _backend.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => _backend.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => _backend.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => _backend.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => _backend.MaxConcurrentTaskActivityWorkItems;

    public async Task StartAsync()
    {
        try
        {
            await _backend.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (Volatile.Read(ref _state) == Stopped)
        {
            // The host stopped (and may have deleted the task hub) while the sidecar was still starting its
            // dispatchers, from an async void handler: nothing is left to start, and throwing would end the process.
            LogStopFailed(ex);
            return;
        }

        _loops = [.. Enumerable.Range(0, _fetchers).Select(_ => Task.Run(() => FetchAsync(_stopping.Token)))];
        if (Interlocked.CompareExchange(ref _state, Started, NotStarted) == Stopped)
        {
            await StopStartedAsync(isForced: true).ConfigureAwait(false); // a stop came while the backend was starting
        }
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Stops once, whoever asks first (the sidecar's dispatcher host or the DevHost), and never throws: the sidecar
    /// calls this from an <c>async void</c> handler, where an exception would end the process.
    /// </summary>
    public async Task StopAsync(bool isForced)
    {
        // A backend that never started must not be stopped: Azure Storage's StopAsync then throws a NullReferenceException.
        if (Interlocked.Exchange(ref _state, Stopped) == Started)
        {
            await StopStartedAsync(isForced).ConfigureAwait(false);
        }
    }

    private async Task StopStartedAsync(bool isForced)
    {
        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_loops).ConfigureAwait(false); // the loops end on cancellation without throwing
            while (_ready.Reader.TryRead(out TaskActivityWorkItem? unused))
            {
                await AbandonQuietlyAsync(unused).ConfigureAwait(false);
            }

            await _backend.StopAsync(isForced).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogStopFailed(ex);
        }
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(receiveTimeout);
        try
        {
            TaskActivityWorkItem item = await _ready.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            _handedOut[item.Id] = item;
            return item;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null!; // the contract: no work item within the timeout
        }
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        await _backend.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
        Unlocked(workItem);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        try
        {
            await _backend.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            Unlocked(workItem);
        }
    }

    /// <summary>Frees the item's slot once: a failed completion is followed by an abandon of the same item.</summary>
    private void Unlocked(TaskActivityWorkItem workItem)
    {
        if (_handedOut.TryRemove(workItem.Id, out _))
        {
            _lockedSlots.Release();
        }
    }

    /// <summary>Disposes the backend too: this wrapper owns it.</summary>
    public void Dispose()
    {
        _stopping.Dispose();
        _lockedSlots.Dispose();
        (_backend as IDisposable)?.Dispose();
    }

    public Task CreateAsync() => _backend.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => _backend.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => _backend.CreateIfNotExistsAsync();

    public Task DeleteAsync() => _backend.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => _backend.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        _backend.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => _backend.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => _backend.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _backend.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => _backend.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState)
    {
        // Sub-orchestrations and ContinueAsNew: the sidecar's protobuf tag maps would not survive the backend's queue (see SubOrchestrationFix).
        SubOrchestrationFix.Apply(orchestratorMessages);
        SubOrchestrationFix.Apply(continuedAsNewMessage);
        SubOrchestrationFix.Apply(newOrchestrationRuntimeState);
        return _backend.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages,
            continuedAsNewMessage, orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _backend.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _backend.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => _backend.RenewTaskActivityWorkItemLockAsync(workItem);

    private async Task FetchAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TaskActivityWorkItem? item = null;
            bool slotTaken = false;
            try
            {
                await _lockedSlots.WaitAsync(stopping).ConfigureAwait(false);
                slotTaken = true;
                // The backend ignores the receive timeout (it waits until cancelled), as the sidecar's own loop expects.
                item = await _backend.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, stopping).ConfigureAwait(false);
                if (item is null)
                {
                    continue;
                }

                await _ready.Writer.WriteAsync(item, stopping).ConfigureAwait(false);
                item = null;
                slotTaken = false; // the slot now travels with the item until it is completed or abandoned
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                if (item is not null)
                {
                    await AbandonQuietlyAsync(item).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception ex)
            {
                // As the sidecar's own loop does on a failed fetch: wait the backend's advised delay, then go on.
                int delaySeconds = _backend.GetDelayInSecondsAfterOnFetchException(ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(delaySeconds, 1)), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                if (slotTaken)
                {
                    _lockedSlots.Release();
                }
            }
        }
    }

    private async Task AbandonQuietlyAsync(TaskActivityWorkItem item)
    {
        try
        {
            await _backend.AbandonTaskActivityWorkItemAsync(item).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Shutting down: an item not abandoned reappears when its lock expires, so nothing is lost.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping the durable backend failed; its queue locks expire on their own")]
    private partial void LogStopFailed(Exception exception);
}

using System.Collections.Concurrent;
using System.Reflection;
using DurableTask.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.DevHost.Durable;

namespace Tollgate.Tests.DevHost;

/// <summary>
/// The DevHost's concurrent activity fetch never holds more queue locks than the sidecar runs activities (a lock
/// runs from the fetch, and the sidecar never renews it), and gives back what it holds when it stops.
/// </summary>
public sealed class ParallelActivityFetchTests
{
    private static readonly TimeSpan Briefly = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task NoMoreActivitiesAreLockedThanTheSidecarMayRunAtOnce()
    {
        FakeBackend backend = FakeBackend.Create(maxConcurrent: 3, pending: 10);
        using var fetch = new ParallelActivityFetch(backend.Service, fetchers: 4, NullLogger.Instance);
        await fetch.StartAsync();

        TaskActivityWorkItem[] running = [await NextAsync(fetch), await NextAsync(fetch), await NextAsync(fetch)];

        Assert.Null(await fetch.LockNextTaskActivityWorkItem(Briefly, CancellationToken.None));
        Assert.Equal(3, backend.Locked);

        await fetch.CompleteTaskActivityWorkItemAsync(running[0], new TaskMessage());
        Assert.NotNull(await NextAsync(fetch));
        Assert.Equal(3, backend.Locked);
        await fetch.StopAsync(isForced: true);
    }

    [Fact]
    public async Task AFailedCompletionFollowedByAnAbandonFreesOneSlotNotTwo()
    {
        FakeBackend backend = FakeBackend.Create(maxConcurrent: 1, pending: 3);
        backend.FailCompletions = true;
        using var fetch = new ParallelActivityFetch(backend.Service, fetchers: 2, NullLogger.Instance);
        await fetch.StartAsync();
        TaskActivityWorkItem first = await NextAsync(fetch);

        // What the sidecar does when completing throws: it abandons the same item.
        await Assert.ThrowsAsync<InvalidOperationException>(() => fetch.CompleteTaskActivityWorkItemAsync(first, new TaskMessage()));
        Assert.Null(await fetch.LockNextTaskActivityWorkItem(Briefly, CancellationToken.None)); // still locked: no slot freed
        await fetch.AbandonTaskActivityWorkItemAsync(first);
        await fetch.AbandonTaskActivityWorkItemAsync(first); // a repeated abandon frees nothing more

        Assert.NotNull(await NextAsync(fetch));
        Assert.Null(await fetch.LockNextTaskActivityWorkItem(Briefly, CancellationToken.None));
        await fetch.StopAsync(isForced: true);
    }

    [Fact]
    public async Task WhatIsLockedButNotHandedOutIsAbandonedAtStop()
    {
        FakeBackend backend = FakeBackend.Create(maxConcurrent: 5, pending: 10);
        using var fetch = new ParallelActivityFetch(backend.Service, fetchers: 4, NullLogger.Instance);
        await fetch.StartAsync();
        await NextAsync(fetch);

        await fetch.StopAsync(isForced: true);

        Assert.Equal(1, backend.Locked); // only the item the sidecar is running keeps its lock
        Assert.True(backend.Stopped);
    }

    [Fact]
    public async Task ABackendThatNeverStartedIsNotStopped()
    {
        // Azure Storage's StopAsync throws before StartAsync, and the sidecar stops from an async void handler.
        FakeBackend backend = FakeBackend.Create(maxConcurrent: 1, pending: 0);
        using var fetch = new ParallelActivityFetch(backend.Service, fetchers: 2, NullLogger.Instance);

        await fetch.StopAsync(isForced: false);
        await fetch.StopAsync(isForced: true);

        Assert.False(backend.Stopped);
    }

    private static async Task<TaskActivityWorkItem> NextAsync(ParallelActivityFetch fetch)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await fetch.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, cts.Token);
    }

    /// <summary>A work-item queue in memory: hands out its items, counts the locks it holds, waits when empty.</summary>
    public class FakeBackend : DispatchProxy
    {
        private readonly ConcurrentQueue<TaskActivityWorkItem> _pending = new();
        private int _locked;
        private int _maxConcurrent;

        public IOrchestrationService Service { get; private set; } = null!;

        public int Locked => Volatile.Read(ref _locked);

        public bool Stopped { get; private set; }

        /// <summary>Every completion throws (the item keeps its lock), as a storage failure would.</summary>
        public bool FailCompletions { get; set; }

        public static FakeBackend Create(int maxConcurrent, int pending)
        {
            IOrchestrationService service = Create<IOrchestrationService, FakeBackend>();
            var backend = (FakeBackend)(object)service;
            backend.Service = service;
            backend._maxConcurrent = maxConcurrent;
            for (int i = 0; i < pending; i++)
            {
                backend._pending.Enqueue(new TaskActivityWorkItem { Id = $"item-{i}" });
            }

            return backend;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            "get_MaxConcurrentTaskActivityWorkItems" => _maxConcurrent,
            nameof(IOrchestrationService.StartAsync) => Task.CompletedTask,
            nameof(IOrchestrationService.StopAsync) => Stop(),
            nameof(IOrchestrationService.LockNextTaskActivityWorkItem) => LockAsync((CancellationToken)args![1]!),
            nameof(IOrchestrationService.CompleteTaskActivityWorkItemAsync) when FailCompletions =>
                Task.FromException(new InvalidOperationException("The completion failed.")),
            nameof(IOrchestrationService.CompleteTaskActivityWorkItemAsync) or nameof(IOrchestrationService.AbandonTaskActivityWorkItemAsync) => Unlock(),
            nameof(IOrchestrationService.GetDelayInSecondsAfterOnFetchException) => 1,
            _ => throw new NotSupportedException(targetMethod?.Name),
        };

        private Task Stop()
        {
            Stopped = true;
            return Task.CompletedTask;
        }

        private Task Unlock()
        {
            Interlocked.Decrement(ref _locked);
            return Task.CompletedTask;
        }

        private async Task<TaskActivityWorkItem> LockAsync(CancellationToken cancellationToken)
        {
            if (_pending.TryDequeue(out TaskActivityWorkItem? item))
            {
                Interlocked.Increment(ref _locked);
                return item;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken); // like the backend: waits for a message until cancelled
            throw new OperationCanceledException(cancellationToken);
        }
    }
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Models;
using Tollgate.Workflows;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// An orchestration context that answers each CallModel activity from a script and records every
/// activity call and durable timer, so an orchestrator's decisions can be checked one by one.
/// </summary>
internal sealed class ScriptedOrchestrationContext(params Func<ModelAttemptRequest, ModelAttemptResult>[] script) : TaskOrchestrationContext
{
    public static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    private readonly Queue<Func<ModelAttemptRequest, ModelAttemptResult>> _script = new(script);
    private int _guids;

    /// <summary>Every activity call and timer in order: ("activity", name, input) or ("timer", delay).</summary>
    public List<object> Journal { get; } = [];

    public List<ModelAttemptRequest> ModelRequests => [.. Journal.OfType<ActivityCall>().Where(c => c.Name == TollgateTasks.CallModel).Select(c => (ModelAttemptRequest)c.Input!)];

    public List<Tollgate.Runs.RunCompletion> Completions => [.. Journal.OfType<ActivityCall>().Where(c => c.Name == TollgateTasks.CompleteRun).Select(c => (Tollgate.Runs.RunCompletion)c.Input!)];

    public List<TimeSpan> Timers => [.. Journal.OfType<TimerCall>().Select(t => t.Delay)];

    /// <summary>The guids handed out by <see cref="NewGuid"/>, in order.</summary>
    public List<Guid> Guids { get; } = [];

    public override TaskName Name => nameof(SummarizeWorkflow);

    public override string InstanceId => "0123456789abcdef0123456789abcdef";

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => Now;

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        Journal.Add(new ActivityCall(name.Name, input));
        if (name.Name == TollgateTasks.CallModel)
        {
            ModelAttemptRequest request = Assert.IsType<ModelAttemptRequest>(input);
            Assert.True(_script.Count > 0, $"Attempt {request.Attempt} was not expected: the script has no more answers.");
            return Task.FromResult((TResult)(object)_script.Dequeue()(request));
        }

        if (name.Name == TollgateTasks.CompleteRun)
        {
            return Task.FromResult(default(TResult)!);
        }

        throw new InvalidOperationException($"Unexpected activity {name.Name}.");
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        Journal.Add(new TimerCall(fireAt - Now));
        return Task.CompletedTask;
    }

    public override Guid NewGuid()
    {
        var guid = new Guid(_guids++, 0, 0, [1, 2, 3, 4, 5, 6, 7, 8]);
        Guids.Add(guid);
        return guid;
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override T GetInput<T>() => throw new NotSupportedException();

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus) => throw new NotSupportedException();

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public sealed record ActivityCall(string Name, object? Input);

    public sealed record TimerCall(TimeSpan Delay);
}

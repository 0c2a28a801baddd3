using System.Text.Json;
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
/// <see cref="Replay"/> makes a context that, like the Durable Task worker after a restart, answers from a
/// recorded journal instead and fails at the first command that differs from the recording.
/// </summary>
internal sealed class ScriptedOrchestrationContext : TaskOrchestrationContext
{
    public static readonly DateTime Start = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    private readonly Queue<Func<ModelAttemptRequest, ModelAttemptResult>> _script;
    private readonly Queue<object>? _history;
    private int _guids;
    private DateTime _now = Start;

    public ScriptedOrchestrationContext(params Func<ModelAttemptRequest, ModelAttemptResult>[] script)
    {
        _script = new(script);
    }

    private ScriptedOrchestrationContext(IEnumerable<object> history)
    {
        _script = new();
        _history = new(history);
    }

    /// <summary>
    /// A context that replays <paramref name="recorded"/>'s journal: activities return their recorded results
    /// (the script is never consulted) and each command must be the recorded one at the same position.
    /// </summary>
    public static ScriptedOrchestrationContext Replay(ScriptedOrchestrationContext recorded) => new(recorded.Journal);

    /// <summary>Every activity call and timer in order: ("activity", name, input) or ("timer", delay).</summary>
    public List<object> Journal { get; } = [];

    public List<ModelAttemptRequest> ModelRequests => [.. Journal.OfType<ActivityCall>().Where(c => c.Name == TollgateTasks.CallModel).Select(c => (ModelAttemptRequest)c.Input!)];

    public List<Tollgate.Runs.RunCompletion> Completions => [.. Journal.OfType<ActivityCall>().Where(c => c.Name == TollgateTasks.CompleteRun).Select(c => (Tollgate.Runs.RunCompletion)c.Input!)];

    public List<TimeSpan> Timers => [.. Journal.OfType<TimerCall>().Select(t => t.Delay)];

    /// <summary>The guids handed out by <see cref="NewGuid"/>, in order.</summary>
    public List<Guid> Guids { get; } = [];

    public override TaskName Name => WorkflowOrchestrator.Name;

    public override string InstanceId => "0123456789abcdef0123456789abcdef";

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => _now;

    /// <summary>
    /// How much earlier than due each timer fires. The Azure Storage backend delays timer messages in whole seconds,
    /// truncated, so a real timer can fire up to a second early; zero (the default) fires on time.
    /// </summary>
    public TimeSpan TimersFireEarlyBy { get; init; }

    public override bool IsReplaying => _history is { Count: > 0 };

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        var call = new ActivityCall(name.Name, input);
        if (IsReplaying)
        {
            ActivityCall recorded = Assert.IsType<ActivityCall>(Replayed(call));
            Journal.Add(recorded);
            return Task.FromResult((TResult)recorded.Output!);
        }

        int index = Journal.Count;
        Journal.Add(call);
        if (name.Name == TollgateTasks.CallModel)
        {
            ModelAttemptRequest request = Assert.IsType<ModelAttemptRequest>(input);
            Assert.True(_script.Count > 0, $"Attempt {request.Attempt} was not expected: the script has no more answers.");
            ModelAttemptResult result = _script.Dequeue()(request);
            Journal[index] = call with { Output = result };
            return Task.FromResult((TResult)(object)result);
        }

        if (name.Name == TollgateTasks.CompleteRun)
        {
            return Task.FromResult(default(TResult)!);
        }

        throw new InvalidOperationException($"Unexpected activity {name.Name}.");
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var timer = new TimerCall(fireAt - _now);
        Journal.Add(IsReplaying ? Replayed(timer) : timer);
        _now = fireAt - TimersFireEarlyBy;
        return Task.CompletedTask;
    }

    /// <summary>The recorded entry at this position; the orchestrator must ask for exactly what it asked for the first time.</summary>
    private object Replayed(object command)
    {
        object recorded = _history!.Dequeue();
        Assert.True(Describe(recorded) == Describe(command),
            $"Non-deterministic replay: the history has [{Describe(recorded)}] where the orchestrator now asks for [{Describe(command)}].");
        return recorded;
    }

    /// <summary>A command as the Durable Task worker compares it: its kind, name and serialized input.</summary>
    public static string Describe(object entry) => entry switch
    {
        ActivityCall call => $"{call.Name} {JsonSerializer.Serialize(call.Input)}",
        TimerCall timer => $"timer {timer.Delay}",
        _ => entry.ToString()!,
    };

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

    public sealed record ActivityCall(string Name, object? Input, object? Output = null);

    public sealed record TimerCall(TimeSpan Delay);
}

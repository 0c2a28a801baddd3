using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Caching;
using Tollgate.Models;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Testing;

/// <summary>
/// Runs a workflow's orchestration in-process, in one pass, as the Durable Task worker would the first time: activities run
/// inline against the real <see cref="ModelGateway"/> and <see cref="RunStore"/>, their inputs and results round-tripped
/// through the Durable Task JSON converter; a durable timer advances the fake clock to its due time and fires at once (its
/// wait is kept in <see cref="Waits"/>); <see cref="NewGuid"/> is deterministic. Each activity starts a millisecond after
/// the step before it, as time passes between dispatches in a real host, so records order by time as they do there.
/// An activity that throws reaches the workflow as a <see cref="TaskFailedException"/>, as in Durable.
/// </summary>
internal sealed class InProcessOrchestrationContext(
    string instanceId,
    FakeTimeProvider clock,
    ModelGateway gateway,
    RunStore runs,
    StaleAnswers stale,
    ILoggerFactory loggerFactory,
    CancellationToken cancellationToken) : TaskOrchestrationContext
{
    private static readonly TimeSpan DispatchGap = TimeSpan.FromMilliseconds(1);
    private static readonly DataConverter Converter = JsonDataConverter.Default;
    private readonly byte[] _guidSeed = SHA256.HashData(Encoding.UTF8.GetBytes(instanceId));
    private readonly List<TimeSpan> _waits = [];
    private int _guids;
    private int _tasks;

    /// <summary>The durable timers the workflow waited on, in order, as the time each one waited.</summary>
    public IReadOnlyList<TimeSpan> Waits => _waits;

    public override TaskName Name => WorkflowOrchestrator.Name;

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => clock.GetUtcNow().UtcDateTime;

    public override bool IsReplaying => false;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException("The test kit runs no entities.");

    protected override ILoggerFactory LoggerFactory => loggerFactory;

    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        int taskId = _tasks++;
        clock.Advance(DispatchGap);
        string? result;
        try
        {
            result = name.Name switch
            {
                TollgateTasks.CallModel => Converter.Serialize(await gateway.AttemptAsync(Read<ModelAttemptRequest>(input), cancellationToken)
                    .ConfigureAwait(false)),
                TollgateTasks.CompleteRun => Converter.Serialize(await runs.CompleteAsync(Read<RunCompletion>(input), cancellationToken)
                    .ConfigureAwait(false)),
                TollgateTasks.ServeStale => await stale.ServeAsync(Read<ModelAttemptRequest>(input), cancellationToken).ConfigureAwait(false) is { } answer
                    ? Converter.Serialize(answer)
                    : null,
                _ => throw new NotSupportedException($"The test kit runs only Tollgate's activities ({string.Join(", ", TollgateTasks.All.Select(t => t.Name))}), not '{name.Name}'."),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new TaskFailedException(name.Name, taskId, ex);
        }

        return result is null ? default! : Converter.Deserialize<TResult>(result)!;
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        _tasks++;
        DateTime now = CurrentUtcDateTime;
        TimeSpan wait = fireAt > now ? fireAt - now : TimeSpan.Zero;
        _waits.Add(wait);
        clock.Advance(wait);
        return Task.CompletedTask;
    }

    /// <summary>Deterministic per run and call: a counter first, so ids sort in the order they were made (attempt row keys do).</summary>
    public override Guid NewGuid() => new(_guids++, 0, 0, _guidSeed.AsSpan(0, 8).ToArray());

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException("The test kit runs no sub-orchestrations.");

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new NotSupportedException("The test kit does not continue orchestrations as new.");

    public override T GetInput<T>() => throw new NotSupportedException("Workflows receive their input as a parameter.");

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException("The test kit sends no events.");

    public override void SetCustomStatus(object? customStatus)
    {
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The test kit raises no external events.");

    /// <summary>The activity's input as the worker would hand it over: serialized by the orchestration, read by the activity.</summary>
    private static T Read<T>(object? input) =>
        Converter.Deserialize<T>(Converter.Serialize(input)) ?? throw new InvalidOperationException($"The activity was called without a {typeof(T).Name}.");
}

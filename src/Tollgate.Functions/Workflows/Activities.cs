using Microsoft.Azure.Functions.Worker;
using Tollgate.Caching;
using Tollgate.Callbacks;
using Tollgate.Models;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Functions.Workflows;

/// <summary>The activities of <see cref="TollgateTasks"/>, forwarded to the library services.</summary>
public sealed class Activities(ModelGateway gateway, RunStore runs, StaleAnswers staleAnswers, CallbackDelivery callbacks)
{
    [Function(TollgateTasks.CallModel)]
    public Task<ModelAttemptResult> CallModelAsync([ActivityTrigger] ModelAttemptRequest request, CancellationToken cancellationToken) =>
        gateway.AttemptAsync(request, cancellationToken);

    [Function(TollgateTasks.CompleteRun)]
    public Task<RunRecord> CompleteRunAsync([ActivityTrigger] RunCompletion completion, CancellationToken cancellationToken) =>
        runs.CompleteAsync(completion, cancellationToken);

    [Function(TollgateTasks.ServeStale)]
    public Task<ModelAttemptResult?> ServeStaleAsync([ActivityTrigger] ModelAttemptRequest request, CancellationToken cancellationToken) =>
        staleAnswers.ServeAsync(request, cancellationToken);

    [Function(TollgateTasks.DeliverCallback)]
    public Task<CallbackAttemptRecord> DeliverCallbackAsync([ActivityTrigger] CallbackAttemptRequest request, CancellationToken cancellationToken) =>
        callbacks.DeliverAsync(request, cancellationToken);
}

using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Callbacks;
using Tollgate.Caching;
using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Workflows;

/// <summary>
/// The one list of Tollgate's orchestrators and activities: the <see cref="WorkflowOrchestrator"/> that runs every
/// workflow, and the activities it calls. The DevHost and the tests register exactly this list; the Functions project
/// declares a [Function] wrapper for each entry, and a test fails when the two disagree. A new workflow changes none.
/// </summary>
public static class TollgateTasks
{
    public const string CallModel = nameof(CallModel);
    public const string CompleteRun = nameof(CompleteRun);
    public const string ServeStale = nameof(ServeStale);
    public const string DeliverCallback = nameof(DeliverCallback);

    public static readonly IReadOnlyList<DurableTaskDefinition> All =
    [
        new(WorkflowOrchestrator.Name, DurableTaskKind.Orchestrator, registry =>
            registry.AddOrchestrator(WorkflowOrchestrator.Name, () => new WorkflowOrchestrator())),
        new(CallModel, DurableTaskKind.Activity, registry =>
            registry.AddActivity(CallModel, services => ServiceActivity.Create<ModelAttemptRequest, ModelAttemptResult>(services,
                services.GetRequiredService<ModelGateway>().AttemptAsync))),
        new(CompleteRun, DurableTaskKind.Activity, registry =>
            registry.AddActivity(CompleteRun, services => ServiceActivity.Create<RunCompletion, RunRecord>(services,
                services.GetRequiredService<RunStore>().CompleteAsync))),
        new(ServeStale, DurableTaskKind.Activity, registry =>
            registry.AddActivity(ServeStale, services => ServiceActivity.Create<ModelAttemptRequest, ModelAttemptResult?>(services,
                services.GetRequiredService<StaleAnswers>().ServeAsync))),
        new(DeliverCallback, DurableTaskKind.Activity, registry =>
            registry.AddActivity(DeliverCallback, services => ServiceActivity.Create<CallbackAttemptRequest, CallbackAttemptRecord>(services,
                services.GetRequiredService<CallbackDelivery>().DeliverAsync))),
    ];

    public static DurableTaskRegistry AddTollgateTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (DurableTaskDefinition task in All)
        {
            task.Register(registry);
        }

        return registry;
    }
}

using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Callbacks;
using Tollgate.Caching;
using Tollgate.Jobs;
using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Workflows;

/// <summary>
/// The one list of Tollgate's orchestrators and activities: the <see cref="WorkflowOrchestrator"/> that runs every
/// workflow, the <see cref="EnrichmentJobOrchestrator"/> that runs a job's occurrence, and the activities they call. The DevHost and the tests register exactly this list; the Functions project
/// declares a [Function] wrapper for each entry, and a test fails when the two disagree. A new workflow changes none.
/// </summary>
public static class TollgateTasks
{
    public const string CallModel = nameof(CallModel);
    public const string CompleteRun = nameof(CompleteRun);
    public const string ServeStale = nameof(ServeStale);
    public const string DeliverCallback = nameof(DeliverCallback);
    public const string ClaimJobItems = nameof(ClaimJobItems);
    public const string RecordJobItems = nameof(RecordJobItems);
    public const string ReleaseJobItems = nameof(ReleaseJobItems);

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
        new(EnrichmentJobOrchestrator.Name, DurableTaskKind.Orchestrator, registry =>
            registry.AddOrchestrator(EnrichmentJobOrchestrator.Name, () => new EnrichmentJobOrchestrator())),
        new(EnrichmentJobBatchOrchestrator.Name, DurableTaskKind.Orchestrator, registry =>
            registry.AddOrchestrator(EnrichmentJobBatchOrchestrator.Name, () => new EnrichmentJobBatchOrchestrator())),
        new(ClaimJobItems, DurableTaskKind.Activity, registry =>
            registry.AddActivity(ClaimJobItems, services => ServiceActivity.Create<ClaimRequest, IReadOnlyList<ClaimedItem>>(services,
                services.GetRequiredService<JobItemRunner>().ClaimAsync))),
        new(RecordJobItems, DurableTaskKind.Activity, registry =>
            registry.AddActivity(RecordJobItems, services => ServiceActivity.Create<RecordRequest, RecordResult>(services,
                services.GetRequiredService<JobItemRunner>().RecordAsync))),
        new(ReleaseJobItems, DurableTaskKind.Activity, registry =>
            registry.AddActivity(ReleaseJobItems, services => ServiceActivity.Create<ReleaseRequest, int>(services,
                services.GetRequiredService<JobItemRunner>().ReleaseAsync))),
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

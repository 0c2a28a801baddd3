using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Tollgate.Jobs;

namespace Tollgate.Functions.Jobs;

/// <summary>
/// Hosts <see cref="EnrichmentJobOrchestrator"/> (one occurrence of an enrichment job) and
/// <see cref="EnrichmentJobBatchOrchestrator"/> (a batch of its items).
/// </summary>
public static class EnrichmentJobFunction
{
    [Function(EnrichmentJobOrchestrator.Name)]
    public static Task<JobState> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new EnrichmentJobOrchestrator().RunAsync(context, context.GetInput<JobState>()
            ?? throw new InvalidOperationException("The enrichment job orchestration was started without input."));

    [Function(EnrichmentJobBatchOrchestrator.Name)]
    public static Task<RecordResult> RunBatchAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new EnrichmentJobBatchOrchestrator().RunAsync(context, context.GetInput<JobBatch>()
            ?? throw new InvalidOperationException("The enrichment job batch orchestration was started without input."));
}

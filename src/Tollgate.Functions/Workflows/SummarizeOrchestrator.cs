using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Tollgate.Workflows;

namespace Tollgate.Functions.Workflows;

/// <summary>Hosts <see cref="SummarizeWorkflow"/> under the name the library registers it with.</summary>
public static class SummarizeOrchestrator
{
    [Function(nameof(SummarizeWorkflow))]
    public static Task<SummarizeOutput> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new SummarizeWorkflow().RunAsync(context, context.GetInput<SummarizeInput>()
            ?? throw new InvalidOperationException("The summarize orchestration was started without input."));
}

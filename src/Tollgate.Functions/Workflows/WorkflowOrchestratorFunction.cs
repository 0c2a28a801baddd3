using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Tollgate.Workflows;

namespace Tollgate.Functions.Workflows;

/// <summary>
/// Hosts <see cref="WorkflowOrchestrator"/>, the one orchestrator every catalog workflow runs on: a new workflow needs
/// no function here.
/// </summary>
public static class WorkflowOrchestratorFunction
{
    [Function(WorkflowOrchestrator.Name)]
    public static Task<object?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new WorkflowOrchestrator().RunAsync(context, context.GetInput<WorkflowStart>()
            ?? throw new InvalidOperationException("The workflow orchestration was started without input."));
}

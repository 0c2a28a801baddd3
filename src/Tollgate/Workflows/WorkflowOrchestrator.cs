using Microsoft.DurableTask;

namespace Tollgate.Workflows;

/// <summary>
/// The one orchestrator every workflow runs on: it hands the run to the catalog's workflow named in its input. Both
/// hosts register only this, so adding a workflow touches neither. Each workflow class is itself a
/// <see cref="TaskOrchestrator{TInput, TOutput}"/>, so the Durable Task analyzers check its code for determinism.
/// </summary>
public sealed class WorkflowOrchestrator : TaskOrchestrator<WorkflowStart, object?>
{
    public const string Name = "Workflow";

    public override Task<object?> RunAsync(TaskOrchestrationContext context, WorkflowStart input)
    {
        ArgumentNullException.ThrowIfNull(input);
        IWorkflow workflow = WorkflowCatalog.Get(input.Workflow)?.Create()
            ?? throw new InvalidOperationException($"The workflow '{input.Workflow}' is not in the catalog.");
        return workflow.RunAsync(context, input);
    }
}

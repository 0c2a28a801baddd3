using Microsoft.DurableTask;
using Tollgate.Trimming;
using Tollgate.Workflows;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// Bad declarations stop the app at start-up (<c>WorkflowCatalog</c> checks every workflow when it loads), with a
/// message naming the workflow, the step and what is wrong.
/// </summary>
public sealed class WorkflowCheckTests
{
    [Fact]
    public void TheShippedWorkflowsPassAndSummarizeTrimsItsText()
    {
        Assert.NotEmpty(WorkflowCatalog.All);
        Assert.Equal(new TrimPolicy("text", TrimStrategy.HeadAndTail), SummarizeWorkflow.Summary.Trim);
    }

    [Fact]
    public void ATrimmingStrategyOnAVariableThePromptDoesNotHaveRefusesToStart()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => WorkflowDefinition.Of<TrimsAMissingVariable>().Check());

        Assert.Contains("Workflow 'trims-missing'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("step 'summarize'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'body'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("summarize v1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStepLatencyBudgetMustBePositive()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => WorkflowDefinition.Of<NoTimeToWait>().Check());

        Assert.Contains("Workflow 'no-time'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("step 'summarize'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("latency budget", ex.Message, StringComparison.Ordinal);
    }

    private sealed class TrimsAMissingVariable : TestWorkflow
    {
        public override string Name => "trims-missing";

        protected override TextStep Step { get; } = new("summarize", "summarize", 1, 100, 10) { Trim = new TrimPolicy("body", TrimStrategy.KeepHead) };
    }

    private sealed class NoTimeToWait : TestWorkflow
    {
        public override string Name => "no-time";

        protected override TextStep Step { get; } = new("summarize", "summarize", 1, 100, 10) { LatencyBudget = TimeSpan.Zero };
    }

    private abstract class TestWorkflow : Workflow<SummarizeInput, SummarizeOutput>
    {
        public override decimal CostCeiling => 1m;

        public override TimeSpan LatencyBudget => TimeSpan.FromSeconds(10);

        public override IReadOnlyList<ModelStep> Steps => [Step];

        protected abstract TextStep Step { get; }

        protected override Task<SummarizeOutput> ExecuteAsync(TaskOrchestrationContext context, SummarizeInput input) =>
            throw new NotSupportedException("Only declared, never run.");
    }
}

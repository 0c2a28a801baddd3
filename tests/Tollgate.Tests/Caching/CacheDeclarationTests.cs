using Tollgate.Caching;
using Tollgate.Workflows;
using Tollgate.Workflows.Classify;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Tests.Caching;

/// <summary>
/// A step's cache declaration is checked when the workflow catalog loads (so a bad one stops the app at start-up),
/// naming the workflow and the step.
/// </summary>
public sealed class CacheDeclarationTests
{
    [Fact]
    public void ANegativeTimeToLiveStopsTheAppNamingWorkflowAndStep()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => WorkflowDefinition.Of<NegativeTtlWorkflow>().Check());

        Assert.Contains("Workflow 'negative-ttl'", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'summary'", error.Message, StringComparison.Ordinal);
        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AZeroTimeToLiveIsOnlyAllowedForStaleServing()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => WorkflowDefinition.Of<ZeroTtlWorkflow>().Check());

        Assert.Contains("step 'summary'", error.Message, StringComparison.Ordinal);
        WorkflowDefinition.Of<StaleOnlyWorkflow>().Check();
    }

    [Fact]
    public void TheShippedClassifyStepIsCachedForADayAndServesStale()
    {
        Assert.Equal(new CachePolicy(TimeSpan.FromHours(24), ServeStale: true), ClassifyWorkflow.Classification.Cache);
        Assert.Null(SummarizeWorkflow.Summary.Cache);
    }

    private abstract class SummaryLike : Workflow<SummarizeInput, SummarizeOutput>
    {
        public override decimal CostCeiling => 0.1m;

        public override TimeSpan LatencyBudget => TimeSpan.FromSeconds(10);

        protected abstract TextStep Step { get; }

        public override IReadOnlyList<ModelStep> Steps => [Step];

        protected override async Task<SummarizeOutput> ExecuteAsync(Microsoft.DurableTask.TaskOrchestrationContext context, SummarizeInput input) =>
            new(await AskAsync(context, Step, new Dictionary<string, string> { ["text"] = input.Text }));
    }

    private sealed class NegativeTtlWorkflow : SummaryLike
    {
        public override string Name => "negative-ttl";

        protected override TextStep Step { get; } = new("summary", "summarize", 1, 100, 10) { Cache = new(TimeSpan.FromMinutes(-5)) };
    }

    private sealed class ZeroTtlWorkflow : SummaryLike
    {
        public override string Name => "zero-ttl";

        protected override TextStep Step { get; } = new("summary", "summarize", 1, 100, 10) { Cache = new(TimeSpan.Zero) };
    }

    private sealed class StaleOnlyWorkflow : SummaryLike
    {
        public override string Name => "stale-only";

        protected override TextStep Step { get; } = new("summary", "summarize", 1, 100, 10) { Cache = new(TimeSpan.Zero, ServeStale: true) };
    }
}

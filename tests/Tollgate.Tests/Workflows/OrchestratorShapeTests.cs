using Microsoft.DurableTask;
using Tollgate.Workflows;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// The Durable Task analyzers (warnings as errors) only check class-based orchestrators and what they
/// call; an orchestration registered as a lambda in this library goes unchecked. Every orchestrator must
/// therefore be a <see cref="TaskOrchestrator{TInput, TOutput}"/> class, registered under its own name.
/// </summary>
public sealed class OrchestratorShapeTests
{
    public static TheoryData<string> Orchestrators => [.. TollgateTasks.All.Where(t => t.Kind == DurableTaskKind.Orchestrator).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void EveryOrchestratorIsAnAnalyzedTaskOrchestratorClass(string name)
    {
        DurableTaskDefinition definition = TollgateTasks.All.Single(t => t.Name == name);

        Assert.NotNull(definition.Implementation);
        Assert.True(typeof(ITaskOrchestrator).IsAssignableFrom(definition.Implementation),
            $"{name} must derive from TaskOrchestrator<TInput, TOutput> so the determinism analyzers check it.");
        Assert.Equal(definition.Implementation.Name, name);
    }
}

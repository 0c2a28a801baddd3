using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Workflows;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// The Durable Task analyzers (warnings as errors) only check class-based orchestrators and what they
/// call; an orchestration registered as a lambda (<c>AddOrchestratorFunc</c>) goes unchecked. So what each
/// orchestrator entry actually registers must create a <see cref="TaskOrchestrator{TInput, TOutput}"/> class
/// of this code base, not the SDK's wrapper around a function.
/// </summary>
public sealed class OrchestratorShapeTests
{
    public static TheoryData<string> Orchestrators => [.. TollgateTasks.All.Where(t => t.Kind == DurableTaskKind.Orchestrator).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void EveryOrchestratorRegistersAnAnalyzedTaskOrchestratorClass(string name)
    {
        var registry = new DurableTaskRegistry();
        TollgateTasks.All.Single(t => t.Name == name).Register(registry);

        using ServiceProvider services = new ServiceCollection().BuildServiceProvider();
        ITaskOrchestrator orchestrator = RegisteredOrchestrators(registry)[new TaskName(name)](services);

        Type type = orchestrator.GetType();
        Assert.True(DerivesFromTaskOrchestrator(type), $"{name} creates a {type.FullName}, not a TaskOrchestrator<TInput, TOutput> class.");
        Assert.Equal(typeof(TollgateTasks).Assembly, type.Assembly);
    }

    [Fact]
    public void ALambdaOrchestratorWouldBeCaught()
    {
        // The check above is only worth something if the SDK's function wrapper fails it.
        var registry = new DurableTaskRegistry();
        registry.AddOrchestratorFunc<string?, string?>("lambda", (context, input) => Task.FromResult(input));

        using ServiceProvider services = new ServiceCollection().BuildServiceProvider();
        Type type = RegisteredOrchestrators(registry)[new TaskName("lambda")](services).GetType();

        Assert.False(DerivesFromTaskOrchestrator(type) && type.Assembly == typeof(TollgateTasks).Assembly);
    }

    private static bool DerivesFromTaskOrchestrator(Type type)
    {
        for (Type? t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(TaskOrchestrator<,>))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The registry's factories. It keeps them internal (the worker reads them); reflection is the only way to
    /// see what a registration really creates without starting a worker.
    /// </summary>
    private static Dictionary<TaskName, Func<IServiceProvider, ITaskOrchestrator>> RegisteredOrchestrators(DurableTaskRegistry registry)
    {
        PropertyInfo? property = typeof(DurableTaskRegistry).GetProperty("Orchestrators", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.NotNull(property);
        return new(Assert.IsAssignableFrom<IEnumerable<KeyValuePair<TaskName, Func<IServiceProvider, ITaskOrchestrator>>>>(property.GetValue(registry)));
    }
}

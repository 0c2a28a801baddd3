using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Workflows;

public enum DurableTaskKind
{
    Orchestrator,
    Activity,
}

/// <summary>
/// An orchestrator or activity, and how it is registered with a Durable Task worker. Orchestrators are
/// registered as <see cref="TaskOrchestrator{TInput, TOutput}"/> classes, so the Durable analyzers check them.
/// </summary>
public sealed record DurableTaskDefinition(string Name, DurableTaskKind Kind, Action<DurableTaskRegistry> Register);

/// <summary>
/// The one list of Tollgate's orchestrators and activities. The DevHost and the tests register
/// exactly this list; the Functions project declares a [Function] wrapper for each entry, and a
/// test fails when the two disagree.
/// </summary>
public static class TollgateTasks
{
    public const string CallModel = nameof(CallModel);
    public const string CompleteRun = nameof(CompleteRun);

    public static readonly IReadOnlyList<DurableTaskDefinition> All =
    [
        new(SummarizeWorkflow.Definition.OrchestratorName, DurableTaskKind.Orchestrator, registry =>
            registry.AddOrchestrator(SummarizeWorkflow.Definition.OrchestratorName, () => new SummarizeWorkflow())),
        new(CallModel, DurableTaskKind.Activity, registry =>
            registry.AddActivity(CallModel, services => ServiceActivity.Create<ModelAttemptRequest, ModelAttemptResult>(services,
                services.GetRequiredService<ModelGateway>().AttemptAsync))),
        new(CompleteRun, DurableTaskKind.Activity, registry =>
            registry.AddActivity(CompleteRun, services => ServiceActivity.Create<RunCompletion, RunRecord>(services,
                services.GetRequiredService<RunStore>().CompleteAsync))),
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

/// <summary>
/// Adapts a library service method to a Durable Task activity, so activities stay one-line glue. The token is the
/// host's stopping token, as a Functions activity's <c>CancellationToken</c> is, so a host that stops mid-call takes
/// the same "host cancelled the call" path in both hosts.
/// </summary>
internal static class ServiceActivity
{
    public static ITaskActivity Create<TInput, TOutput>(IServiceProvider services, Func<TInput, CancellationToken, Task<TOutput>> run) =>
        new Adapter<TInput, TOutput>(run, services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);

    private sealed class Adapter<TInput, TOutput>(Func<TInput, CancellationToken, Task<TOutput>> run, CancellationToken hostStopping)
        : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(input, hostStopping);
    }
}

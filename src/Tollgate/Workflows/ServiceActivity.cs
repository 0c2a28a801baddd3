using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tollgate.Workflows;

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

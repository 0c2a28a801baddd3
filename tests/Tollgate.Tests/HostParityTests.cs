using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tollgate.DevHost;
using Tollgate.Functions.Intake;
using Tollgate.Intake;
using Tollgate.Jobs;
using Tollgate.Workflows;

namespace Tollgate.Tests;

/// <summary>
/// One workflow code, two hosts: every trigger, orchestrator and activity the Functions app declares
/// exists in the DevHost (through <see cref="TollgateTasks.All"/> and its routes), and the reverse.
/// A name added on one side only fails here, naming what is missing where.
/// </summary>
public sealed partial class HostParityTests
{
    private static readonly Assembly FunctionsAssembly = typeof(StartRunTrigger).Assembly;

    private static IEnumerable<(MethodInfo Method, FunctionAttribute Function)> Functions() =>
        from type in FunctionsAssembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        select (method, function);

    private static IEnumerable<(MethodInfo Method, FunctionAttribute Function, HttpTriggerAttribute Trigger)> HttpFunctions() =>
        from f in Functions()
        from parameter in f.Method.GetParameters()
        let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
        where trigger is not null
        select (f.Method, f.Function, trigger);

    private static string Difference<T>(string leftName, ISet<T> left, string rightName, ISet<T> right) =>
        $"only in {leftName}: [{string.Join(", ", left.Except(right))}]; only in {rightName}: [{string.Join(", ", right.Except(left))}]";

    [Fact]
    public void EveryOrchestratorAndActivityIsDeclaredInBothHosts()
    {
        var functions = new HashSet<(string Name, DurableTaskKind Kind)>();
        foreach ((MethodInfo method, FunctionAttribute function) in Functions())
        {
            ParameterInfo[] parameters = method.GetParameters();
            if (parameters.Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null))
            {
                Assert.True(functions.Add((function.Name, DurableTaskKind.Orchestrator)), $"{function.Name} is declared twice.");
            }

            if (parameters.Any(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null))
            {
                Assert.True(functions.Add((function.Name, DurableTaskKind.Activity)), $"{function.Name} is declared twice.");
            }
        }

        var library = TollgateTasks.All.Select(t => (t.Name, t.Kind)).ToHashSet();

        Assert.Equal(TollgateTasks.All.Count, library.Count);
        Assert.NotEmpty(library);
        Assert.True(functions.SetEquals(library), Difference("Functions", functions, "TollgateTasks.All", library));
    }

    [Fact]
    public void EachTaskRegistersItselfUnderItsNameAndKind()
    {
        // The DevHost registers the list through each entry's Register; an entry that registered
        // another name (or the other kind) would leave its Functions twin without a DevHost twin.
        // A second registration of the same name and kind is refused, which reveals the first.
        foreach (DurableTaskDefinition task in TollgateTasks.All)
        {
            var registry = new DurableTaskRegistry();
            task.Register(registry);

            if (task.Kind == DurableTaskKind.Orchestrator)
            {
                Assert.ThrowsAny<ArgumentException>(() => AddDummyOrchestrator(registry, task.Name));
                AddDummyActivity(registry, task.Name);
            }
            else
            {
                Assert.ThrowsAny<ArgumentException>(() => AddDummyActivity(registry, task.Name));
                AddDummyOrchestrator(registry, task.Name);
            }
        }

        // And the whole list registers without a clash.
        new DurableTaskRegistry().AddTollgateTasks();
    }

    private static void AddDummyOrchestrator(DurableTaskRegistry registry, string name) =>
        registry.AddOrchestratorFunc<string?, string?>(name, (context, input) => Task.FromResult(input));

    private static void AddDummyActivity(DurableTaskRegistry registry, string name) =>
        registry.AddActivityFunc<string?, string?>(name, (context, input) => Task.FromResult(input));

    [Fact]
    public async Task EveryHttpRouteIsServedByBothHosts()
    {
        var functions = new HashSet<string>(StringComparer.Ordinal);
        foreach ((MethodInfo method, FunctionAttribute function, HttpTriggerAttribute trigger) in HttpFunctions())
        {
            Assert.False(string.IsNullOrEmpty(trigger.Route), $"{function.Name} has no route: the Functions default would be its function name.");
            Assert.NotNull(trigger.Methods);
            Assert.NotEmpty(trigger.Methods);
            foreach (string verb in trigger.Methods)
            {
                functions.Add($"{verb.ToUpperInvariant()} {IntakeRoutes.Prefix}/{trigger.Route}");
            }
        }

        var devHost = new HashSet<string>(StringComparer.Ordinal);
        await using (DevHostApplication host = await CreateDevHostAsync())
        {
            foreach (RouteEndpoint endpoint in DevHostEndpoints(host))
            {
                IReadOnlyList<string> verbs = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
                Assert.True(verbs.Count > 0, $"{endpoint.RoutePattern.RawText} answers every HTTP method.");
                foreach (string verb in verbs)
                {
                    devHost.Add($"{verb.ToUpperInvariant()} {endpoint.RoutePattern.RawText!.TrimStart('/')}");
                }
            }
        }

        Assert.NotEmpty(functions);
        Assert.True(functions.SetEquals(devHost), Difference("Functions", functions, "DevHost", devHost));
    }

    [Fact]
    public Task EveryQueueTriggerIsPolledByTheDevHost() =>
        AssertBothHostsHaveAsync<QueueTriggerAttribute, QueuePoller>(trigger => trigger.QueueName, poller => poller.RequestsQueue);

    [Fact]
    public Task EveryTimerTriggerRunsOnTheSameScheduleInTheDevHost() =>
        AssertBothHostsHaveAsync<TimerTriggerAttribute, ScheduledSweep>(trigger => trigger.Schedule, sweep => sweep.Schedule);

    /// <summary>
    /// The Functions triggers of one kind (by their trigger attribute) and the DevHost services that stand in
    /// for them (by their hosted-service type) must name the same queues or schedules.
    /// </summary>
    private static async Task AssertBothHostsHaveAsync<TTrigger, TService>(Func<TTrigger, string> triggerKey, Func<TService, string> serviceKey)
        where TTrigger : Attribute
    {
        var functions = new HashSet<string>(
            from f in Functions()
            from parameter in f.Method.GetParameters()
            let trigger = parameter.GetCustomAttribute<TTrigger>()
            where trigger is not null
            select triggerKey(trigger),
            StringComparer.Ordinal);

        HashSet<string> devHost;
        await using (DevHostApplication host = await CreateDevHostAsync())
        {
            devHost = [.. host.App.Services.GetServices<IHostedService>().OfType<TService>().Select(serviceKey)];
        }

        Assert.NotEmpty(functions);
        Assert.True(functions.SetEquals(devHost), Difference("Functions", functions, "DevHost", devHost));
    }

    [Fact]
    public void EveryWorkflowRunsOnTheOneRegisteredOrchestrator()
    {
        // Both hosts register the orchestrators of TollgateTasks.All; every workflow runs on WorkflowOrchestrator, so that
        // no workflow needs a registration of its own in either host. The only others are the enrichment job's and its
        // batches', which run their items on WorkflowOrchestrator too.
        Assert.Equal([EnrichmentJobOrchestrator.Name, EnrichmentJobBatchOrchestrator.Name, WorkflowOrchestrator.Name],
            TollgateTasks.All.Where(t => t.Kind == DurableTaskKind.Orchestrator).Select(t => t.Name).Order(StringComparer.Ordinal));

        Assert.NotEmpty(WorkflowCatalog.All);
        foreach ((string name, WorkflowDefinition workflow) in WorkflowCatalog.All)
        {
            Assert.Equal(name, workflow.Name);
            Assert.IsAssignableFrom<ITaskOrchestrator>(workflow.Create());
        }
    }

    [Fact]
    public void EveryRouteParameterOfAFunctionIsAParameterOfItsMethod()
    {
        Assert.NotEmpty(HttpFunctions());
        foreach ((MethodInfo method, FunctionAttribute function, HttpTriggerAttribute trigger) in HttpFunctions())
        {
            var parameters = method.GetParameters().Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (string routeParameter in RouteParameters(trigger.Route!))
            {
                Assert.True(parameters.Contains(routeParameter),
                    $"{function.Name}: route '{trigger.Route}' has {{{routeParameter}}} but the method has no parameter of that name.");
            }
        }
    }

    [Fact]
    public async Task EveryRouteParameterOfADevHostEndpointIsBoundByItsHandler()
    {
        await using DevHostApplication host = await CreateDevHostAsync();
        List<RouteEndpoint> endpoints = DevHostEndpoints(host);

        Assert.NotEmpty(endpoints);
        foreach (RouteEndpoint endpoint in endpoints)
        {
            MethodInfo handler = endpoint.Metadata.GetMetadata<MethodInfo>()
                ?? throw new InvalidOperationException($"{endpoint.RoutePattern.RawText} has no handler method in its metadata.");
            var parameters = handler.GetParameters().Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (string routeParameter in endpoint.RoutePattern.Parameters.Select(p => p.Name))
            {
                Assert.True(parameters.Contains(routeParameter),
                    $"{endpoint.RoutePattern.RawText}: {{{routeParameter}}} is not a parameter of its handler.");
            }
        }
    }

    [Fact]
    public void FunctionNamesAreUnique()
    {
        string[] names = [.. Functions().Select(f => f.Function.Name)];

        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    /// <summary>The DevHost as built (not started): its simulator runs on loopback, storage is never touched.</summary>
    private static Task<DevHostApplication> CreateDevHostAsync() =>
        DevHostApplication.CreateAsync(["--urls", "http://127.0.0.1:0"],
            builder => builder.Configuration["Tollgate:Storage:ConnectionString"] = "UseDevelopmentStorage=true");

    private static List<RouteEndpoint> DevHostEndpoints(DevHostApplication host)
    {
        // The app's own data sources: the EndpointDataSource service only sees them once the request
        // pipeline is built, which happens when the app starts (and starting would need Azurite).
        IEndpointRouteBuilder routes = host.App;
        return [.. routes.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()];
    }

    private static IEnumerable<string> RouteParameters(string route) =>
        RouteParameter().Matches(route).Select(m => m.Groups["name"].Value);

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteParameter();
}

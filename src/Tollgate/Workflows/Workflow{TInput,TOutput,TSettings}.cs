using System.Text.Json;
using Microsoft.DurableTask;
using Tollgate.Outputs;
using Tollgate.Runs;

namespace Tollgate.Workflows;

/// <summary>
/// A workflow is one class deriving from this: it declares its name, cost ceiling, latency budget and steps, and
/// writes the business process in <see cref="ExecuteAsync"/> with <c>AskAsync</c> for each model step. The base owns
/// the rest: the run's identity, typed input and settings, the cost ceiling across steps, and recording how the run
/// ended — completed with its output, or failed with why — whatever <see cref="ExecuteAsync"/> throws.
/// <para>
/// <see cref="ExecuteAsync"/> runs as a Durable orchestrator and is checked by the Durable Task analyzers (it takes
/// the <see cref="TaskOrchestrationContext"/>): no clocks, random numbers, I/O or configuration in it. Anything
/// non-deterministic belongs in a model step or in the run's settings, which are read when the run starts.
/// </para>
/// </summary>
public abstract class Workflow<TInput, TOutput, TSettings> : TaskOrchestrator<WorkflowStart, TOutput>, IWorkflow
    where TInput : class
    where TOutput : class
    where TSettings : class, new()
{
    private RunContext? _run;
    private IReadOnlyDictionary<string, int> _promptVersions = new Dictionary<string, int>();
    private bool _bypassCache;
    private decimal _spent;

    public abstract string Name { get; }

    public abstract decimal CostCeiling { get; }

    public abstract TimeSpan LatencyBudget { get; }

    public abstract IReadOnlyList<ModelStep> Steps { get; }

    Type IWorkflow.WorkflowInputType => typeof(TInput);

    Type IWorkflow.SettingsType => typeof(TSettings);

    /// <summary>The workflow's settings as they were when this run started.</summary>
    protected TSettings Settings { get; private set; } = new();

    /// <summary>The run: its id (the orchestration's instance id) and the user it is charged to.</summary>
    protected RunContext Run => _run ?? throw new InvalidOperationException("The run has not started.");

    public sealed override async Task<TOutput> RunAsync(TaskOrchestrationContext context, WorkflowStart input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        _run = new RunContext(context.InstanceId, input.UserId);
        _promptVersions = input.PromptVersions;
        _bypassCache = input.BypassCache;
        _spent = 0m;
        try
        {
            TInput typed = input.Input.Deserialize<TInput>(WorkflowJson.Options)
                ?? throw new InvalidOperationException($"The {Name} run was started without input.");
            Settings = input.Settings is { } settings ? settings.Deserialize<TSettings>(WorkflowJson.Options) ?? new TSettings() : new TSettings();
            TOutput output = await ExecuteAsync(context, typed);
            await context.CallActivityAsync(TollgateTasks.CompleteRun, new RunCompletion(Run.RunId, RunStatus.Completed,
                JsonSerializer.Serialize(output, WorkflowJson.Options), null, CostCeiling, LatencyBudget));
            return output;
        }
        catch (Exception ex)
        {
            // Whatever ended the run is recorded, so no run reads Pending forever.
            string error = ex is ModelCallFailedException or TaskFailedException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            await context.CallActivityAsync(TollgateTasks.CompleteRun, new RunCompletion(Run.RunId, RunStatus.Failed, null, error,
                CostCeiling, LatencyBudget, (ex as ModelCallFailedException)?.Outcome));
            throw;
        }
    }

    /// <summary>The business process, top to bottom. Runs as a Durable orchestrator: keep it deterministic.</summary>
    protected abstract Task<TOutput> ExecuteAsync(TaskOrchestrationContext context, TInput input);

    /// <summary>
    /// Asks a structured step: the answer is schema-valid and read as <typeparamref name="T"/>, or the call fails.
    /// <paramref name="schema"/> narrows the step's schema for this call (e.g. <see cref="OutputSchema.WithAllowedValues"/>).
    /// </summary>
    protected async Task<T> AskAsync<T>(TaskOrchestrationContext context, StructuredStep<T> step, IReadOnlyDictionary<string, string> variables,
        OutputSchema? schema = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(step);
        ModelCallResult result = await CallAsync(context, step, variables, schema ?? step.Schema);
        return OutputValidation.Read<T>(result.Answer.Text!);
    }

    /// <summary>Asks a free-text step.</summary>
    protected async Task<string> AskAsync(TaskOrchestrationContext context, TextStep step, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(step);
        ModelCallResult result = await CallAsync(context, step, variables, null);
        return result.Answer.Text ?? "";
    }

    private async Task<ModelCallResult> CallAsync(TaskOrchestrationContext context, ModelStep step, IReadOnlyDictionary<string, string> variables,
        OutputSchema? schema)
    {
        ArgumentNullException.ThrowIfNull(variables);
        int version = _promptVersions.TryGetValue(step.Name, out int pinned) ? pinned : step.PromptVersion;
        var call = new ModelCall(step.Name, step.PromptId, version, variables, step.MaxOutputTokens, step.MinOutputTokens, schema, Name,
            step.Cache, _bypassCache, step.Trim, step.LatencyBudget);
        try
        {
            ModelCallResult result = await context.InvokeAsync(Run, call, CostCeiling - _spent);
            _spent += result.Spent;
            return result;
        }
        catch (ModelCallFailedException ex)
        {
            _spent += ex.Spent;
            throw;
        }
    }
}

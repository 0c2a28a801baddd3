using System.Text.Json;
using System.Text.RegularExpressions;
using Tollgate.Caching;
using Tollgate.Prompts;

namespace Tollgate.Workflows;

/// <summary>
/// A workflow callers can start by name, as the catalog lists it: <c>WorkflowDefinition.Of&lt;ClassifyWorkflow&gt;()</c>.
/// Every workflow runs on the one <see cref="WorkflowOrchestrator"/>, so no host declares anything per workflow.
/// </summary>
public sealed partial class WorkflowDefinition
{
    /// <summary>The longest time-to-live a step's response cache may declare.</summary>
    public static readonly TimeSpan MaxCacheTimeToLive = TimeSpan.FromDays(365);

    private readonly Func<IWorkflow> _create;
    private readonly IWorkflow _declaration;

    private WorkflowDefinition(Func<IWorkflow> create)
    {
        _create = create;
        _declaration = create();
    }

    public static WorkflowDefinition Of<TWorkflow>()
        where TWorkflow : IWorkflow, new() => new(() => new TWorkflow());

    public string Name => _declaration.Name;

    public decimal CostCeiling => _declaration.CostCeiling;

    public TimeSpan LatencyBudget => _declaration.LatencyBudget;

    public IReadOnlyList<ModelStep> Steps => _declaration.Steps;

    public Type InputType => _declaration.WorkflowInputType;

    public Type SettingsType => _declaration.SettingsType;

    /// <summary>A fresh instance for one orchestration execution (workflows keep per-run state).</summary>
    public IWorkflow Create() => _create();

    /// <summary>Reads and validates a caller's input (see <see cref="WorkflowInput"/>).</summary>
    public WorkflowInputResult ReadInput(JsonElement input) => WorkflowInput.Read(InputType, input);

    /// <summary>
    /// Checks what can be checked without configuration, naming the workflow: its name, its limits, unique step names,
    /// that every step's prompt exists and has the variable its trimming strategy names, that every structured step's
    /// output type has a strict schema, and that a step's response cache has a time-to-live that is not negative (nor
    /// zero without stale-serving) and at most a year.
    /// </summary>
    internal void Check()
    {
        string where = $"Workflow '{Name}' ({_declaration.GetType().Name})";
        if (!NamePattern().IsMatch(Name))
        {
            throw new InvalidOperationException($"{where}: the name must be lower-case letters, digits and hyphens.");
        }

        if (CostCeiling <= 0 || LatencyBudget <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{where}: the cost ceiling and the latency budget must be positive.");
        }

        if (Steps.Count == 0 || Steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != Steps.Count)
        {
            throw new InvalidOperationException($"{where}: declare at least one step, each with its own name.");
        }

        foreach (ModelStep step in Steps)
        {
            try
            {
                PromptTemplate prompt = step.Prompt;
                _ = step.Schema;
                if (step.Trim is { } trim && !PromptTemplate.Placeholders(prompt.User).Contains(trim.Variable))
                {
                    throw new InvalidOperationException(
                        $"the trimming strategy names variable '{trim.Variable}', which prompt {prompt.Id} v{prompt.Version} does not have.");
                }

                if (step.Trim is { } policy && !Enum.IsDefined(policy.Strategy))
                {
                    throw new InvalidOperationException($"variable '{policy.Variable}' has an unknown trimming strategy ({policy.Strategy}).");
                }

                if (step.LatencyBudget is { } budget && budget <= TimeSpan.Zero)
                {
                    throw new InvalidOperationException("the step's latency budget must be positive.");
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException)
            {
                throw new InvalidOperationException($"{where}, step '{step.Name}': {ex.Message}", ex);
            }

            if (step.Cache is { } cache && CachePolicyProblem(cache) is { } problem)
            {
                throw new InvalidOperationException($"{where}, step '{step.Name}': {problem}");
            }
        }
    }

    /// <summary>What is wrong with a step's cache declaration, or null.</summary>
    private static string? CachePolicyProblem(CachePolicy cache) => cache switch
    {
        { TimeToLive: var ttl } when ttl < TimeSpan.Zero => $"the cache time-to-live ({ttl}) is negative.",
        { TimeToLive: var ttl } when ttl > MaxCacheTimeToLive => $"the cache time-to-live ({ttl}) is longer than {MaxCacheTimeToLive.TotalDays} days.",
        { TimeToLive: var ttl, ServeStale: false } when ttl == TimeSpan.Zero =>
            "a cache time-to-live of zero answers nothing; use a positive one, or allow stale-serving.",
        _ => null,
    };

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}\\z")]
    private static partial Regex NamePattern();
}

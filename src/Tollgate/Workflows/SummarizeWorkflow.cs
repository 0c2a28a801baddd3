using System.Text.Json;
using Microsoft.DurableTask;
using Tollgate.Prompts;
using Tollgate.Runs;

namespace Tollgate.Workflows;

/// <summary>
/// <c>summarize</c>: one governed model call over the caller's text. The orchestrator is
/// deterministic: everything non-deterministic happens in activities. It is a class-based
/// orchestrator because the Durable Task analyzers check those (and every method they call) for
/// determinism; a function registered through a lambda in a library is not checked.
/// </summary>
public sealed class SummarizeWorkflow : TaskOrchestrator<SummarizeInput, SummarizeOutput>
{
    public const string Name = "summarize";

    /// <summary>The step's output cap: no request of this workflow may ask for more.</summary>
    public const int MaxOutputTokens = 256;

    /// <summary>The step's floor: when the budget runs low the cap may shrink to this, not below.</summary>
    public const int MinOutputTokens = 64;

    /// <summary>Longest text accepted, in characters (the body limit bounds it too).</summary>
    public const int MaxTextLength = 100_000;

    public static readonly WorkflowDefinition Definition = new(Name, nameof(SummarizeWorkflow), CreateInput);

    public override async Task<SummarizeOutput> RunAsync(TaskOrchestrationContext context, SummarizeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var call = new ModelCall(
                Step: "summarize",
                PromptCatalog.SummarizeV1.Id,
                PromptCatalog.SummarizeV1.Version,
                new Dictionary<string, string> { ["text"] = input.Text },
                MaxOutputTokens,
                MinOutputTokens);
            var answer = await context.InvokeAsync(new RunContext(input.RunId, input.UserId), call);
            var output = new SummarizeOutput(answer.Text ?? "");
            await context.CallActivityAsync(TollgateTasks.CompleteRun,
                new RunCompletion(input.RunId, RunStatus.Completed, JsonSerializer.Serialize(output, WorkflowJson.Options), null));
            return output;
        }
        catch (Exception ex) when (ex is ModelCallFailedException or TaskFailedException)
        {
            await context.CallActivityAsync(TollgateTasks.CompleteRun, new RunCompletion(input.RunId, RunStatus.Failed, null, ex.Message));
            throw;
        }
    }

    private static WorkflowInputResult CreateInput(RunContext run, JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return WorkflowInputResult.Invalid("input", "must be an object with a 'text' string.");
        }

        if (!input.TryGetProperty("text", out JsonElement text) || text.ValueKind == JsonValueKind.Null)
        {
            return WorkflowInputResult.Invalid("input.text", "is required.");
        }

        if (text.ValueKind != JsonValueKind.String)
        {
            return WorkflowInputResult.Invalid("input.text", "must be a string.");
        }

        string value = text.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            return WorkflowInputResult.Invalid("input.text", "must not be empty.");
        }

        if (value.Length > MaxTextLength)
        {
            return WorkflowInputResult.Invalid("input.text", $"must be at most {MaxTextLength} characters.");
        }

        return WorkflowInputResult.Valid(new SummarizeInput(run.RunId, run.UserId, value));
    }
}

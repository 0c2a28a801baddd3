using Tollgate.Models;
using Tollgate.Workflows;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// What the attempt loop does with each failed outcome, as docs/architecture.md describes it: which
/// deployments it asks, in order, when "primary" keeps failing that way — with a fallback that answers,
/// and without one.
/// </summary>
public sealed class AttemptOutcomeTests
{
    private static readonly WorkflowStart Input = new("summarize", "alice",
        System.Text.Json.JsonSerializer.SerializeToElement(new { text = "Every outcome means one thing." }), new Dictionary<string, int>());

    /// <summary>Outcome → deployments asked with a fallback behind primary, and without one ("!" = the call failed).</summary>
    public static TheoryData<AttemptOutcome, string, string> Paths => new()
    {
        // This deployment cannot take the request now: fall back at once; retry it only when alone.
        { AttemptOutcome.RateLimited, "primary fallback", "primary primary primary !" },
        { AttemptOutcome.CircuitOpen, "primary fallback", "primary primary primary !" },
        // It can never take this request: fall back at once, never retry.
        { AttemptOutcome.ContextTooLong, "primary fallback", "primary !" },
        { AttemptOutcome.BudgetExceeded, "primary fallback", "primary !" },
        { AttemptOutcome.CostCeiling, "primary fallback", "primary !" },
        { AttemptOutcome.TooSlow, "primary fallback", "primary !" },
        // The answer is not the declared shape: one repair on the same deployment, then the fallback.
        { AttemptOutcome.InvalidOutput, "primary primary fallback", "primary primary !" },
        // It may recover: use its attempts first.
        { AttemptOutcome.ServerError, "primary primary primary fallback", "primary primary primary !" },
        { AttemptOutcome.TimedOut, "primary primary primary fallback", "primary primary primary !" },
        { AttemptOutcome.Unreachable, "primary primary primary fallback", "primary primary primary !" },
        { AttemptOutcome.Interrupted, "primary primary primary fallback", "primary primary primary !" },
        // The content itself was refused: no other deployment is asked and nothing is retried.
        { AttemptOutcome.ContentFiltered, "primary !", "primary !" },
        { AttemptOutcome.Rejected, "primary !", "primary !" },
        { AttemptOutcome.Refused, "primary !", "primary !" },
    };

    [Fact]
    public void EveryFailedOutcomeHasADocumentedPath()
    {
        AttemptOutcome[] covered = [.. Paths.Select(row => (AttemptOutcome)row[0])];

        Assert.Equal(Enum.GetValues<AttemptOutcome>().Where(o => !AttemptOutcomes.IsAnswer(o)).Order(), covered.Order());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task WithAFallback(AttemptOutcome outcome, string withFallback, string withoutFallback)
    {
        _ = withoutFallback;
        Assert.Equal(withFallback, await PathAsync(outcome, hasFallback: true));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task WithoutAFallback(AttemptOutcome outcome, string withFallback, string withoutFallback)
    {
        _ = withFallback;
        Assert.Equal(withoutFallback, await PathAsync(outcome, hasFallback: false));
    }

    [Fact]
    public void AValueThatIsNotANamedOutcomeHasNoRules()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AttemptOutcomes.Of((AttemptOutcome)999));
    }

    /// <summary>Runs the workflow with primary always failing with <paramref name="outcome"/> and the fallback answering.</summary>
    private static async Task<string> PathAsync(AttemptOutcome outcome, bool hasFallback)
    {
        ModelAttemptResult Answer(ModelAttemptRequest request)
        {
            bool onPrimary = request.Deployment is null;
            return new ModelAttemptResult(onPrimary ? outcome : AttemptOutcome.Succeeded, onPrimary ? "primary" : request.Deployment!,
                onPrimary ? null : "answer", null, null, null, 42, request.MaxOutputTokens, TokenUsage.None, ModelCost.Zero, 10,
                Fallback: onPrimary && hasFallback ? "fallback" : null);
        }

        var context = new ScriptedOrchestrationContext([.. Enumerable.Repeat<Func<ModelAttemptRequest, ModelAttemptResult>>(Answer, ModelCalls.MaxAttempts)]);
        bool failed = false;
        try
        {
            await new SummarizeWorkflow().RunAsync(context, Input);
        }
        catch (ModelCallFailedException)
        {
            failed = true;
        }

        IEnumerable<string> asked = context.ModelRequests.Select(r => r.Deployment ?? "primary");
        return string.Join(' ', failed ? asked.Append("!") : asked);
    }
}

using Tollgate.Models;
using Tollgate.Outputs;
using Tollgate.Workflows;
using Tollgate.Workflows.Classify;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// The attempt loop of one model call, driven by a scripted orchestration: what is left of the run's cost ceiling is
/// handed to each attempt, and an invalid structured answer gets exactly one repair on the same deployment.
/// </summary>
public sealed class ModelCallsTests
{
    private static readonly RunContext Run = new("0123456789abcdef0123456789abcdef", "alice");

    private static readonly ModelCall Call = new("classify", "classify", 1, new Dictionary<string, string> { ["text"] = "t", ["categories"] = "a, b" },
        MaxOutputTokens: 200, MinOutputTokens: 120, ClassifyWorkflow.Classification.Schema);

    private static readonly IReadOnlyList<string> SchemaErrors = ["/priority: Value should match one of the values specified by the enum"];

    /// <summary>An attempt's result on the deployment it was sent to; "primary" names "fallback" as its fallback.</summary>
    private static Func<ModelAttemptRequest, ModelAttemptResult> Attempt(AttemptOutcome outcome, decimal cost, string? text = null,
        IReadOnlyList<string>? errors = null, bool primaryHasFallback = true) => request =>
        new ModelAttemptResult(outcome, request.Deployment ?? "primary", text, null, null, null, 300, request.MaxOutputTokens,
            TokenUsage.None, new ModelCost(cost, 0m, 0m), 10,
            Error: outcome == AttemptOutcome.Succeeded ? null : $"{outcome} (scripted)",
            Fallback: request.Deployment is null && primaryHasFallback ? "fallback" : null,
            OutputErrors: errors);

    private static Func<ModelAttemptRequest, ModelAttemptResult> Invalid(decimal cost, bool primaryHasFallback = true) =>
        Attempt(AttemptOutcome.InvalidOutput, cost, """{"category":"a","priority":"soon""", SchemaErrors, primaryHasFallback);

    private static Func<ModelAttemptRequest, ModelAttemptResult> Answer(decimal cost) =>
        Attempt(AttemptOutcome.Succeeded, cost, """{"category":"a","priority":"low","confidence":0.5,"reason":"r"}""");

    [Fact]
    public async Task EachAttemptIsToldWhatThePreviousAttemptsLeftOfTheCeiling()
    {
        // A timed-out attempt (charged at its worst case), an invalid answer, its repair, then the fallback.
        var context = new ScriptedOrchestrationContext(
            Attempt(AttemptOutcome.TimedOut, 0.010m), Invalid(0.004m), Invalid(0.006m), Answer(0.001m));

        ModelCallResult result = await context.InvokeAsync(Run, Call, costCeilingLeft: 0.05m);

        Assert.Equal([0.050m, 0.040m, 0.036m, 0.030m], context.ModelRequests.Select(r => r.CostCeilingLeft));
        Assert.Equal([null, null, null, "fallback"], context.ModelRequests.Select(r => r.Deployment));
        Assert.Equal(0.021m, result.Spent);
        Assert.Equal(AttemptOutcome.Succeeded, result.Answer.Outcome);
    }

    [Fact]
    public async Task ACallWithoutACeilingTellsNoAttemptOfOne()
    {
        var context = new ScriptedOrchestrationContext(Invalid(0.004m), Answer(0.001m));

        await context.InvokeAsync(Run, Call);

        Assert.All(context.ModelRequests, r => Assert.Null(r.CostCeilingLeft));
    }

    [Fact]
    public async Task ARepairGoesToTheSameDeploymentWithTheInvalidAnswerAndItsErrors()
    {
        var context = new ScriptedOrchestrationContext(Invalid(0.004m), Answer(0.002m));

        ModelCallResult result = await context.InvokeAsync(Run, Call, 0.05m);

        ModelAttemptRequest[] requests = [.. context.ModelRequests];
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Repair);
        RepairRequest repair = Assert.IsType<RepairRequest>(requests[1].Repair);
        Assert.Equal("""{"category":"a","priority":"soon""", repair.PreviousAnswer);
        Assert.Equal(SchemaErrors, repair.Errors);
        Assert.Equal(requests[0].Deployment, requests[1].Deployment);
        Assert.Equal(requests[0].CallId, requests[1].CallId);
        Assert.Equal([1, 2], requests.Select(r => r.Attempt));
        Assert.Same(Call.Output, requests[1].Output);
        Assert.Empty(context.Timers); // a repair is not a retry: nothing to wait for
        Assert.Equal(0.006m, result.Spent);
    }

    [Fact]
    public async Task ARepairOfAnAnswerWithoutListedErrorsSendsTheAttemptsError()
    {
        var context = new ScriptedOrchestrationContext(Attempt(AttemptOutcome.InvalidOutput, 0.001m, "not json"), Answer(0.001m));

        await context.InvokeAsync(Run, Call);

        RepairRequest repair = context.ModelRequests[1].Repair!;
        Assert.Equal("not json", repair.PreviousAnswer);
        Assert.Equal(["InvalidOutput (scripted)"], repair.Errors);
    }

    [Fact]
    public async Task OnlyOneRepairPerCallThenTheFallbackThenTheCallFails()
    {
        var context = new ScriptedOrchestrationContext(Invalid(0.004m), Invalid(0.005m), Invalid(0.001m), Answer(0m));

        ModelCallFailedException ex = await Assert.ThrowsAsync<ModelCallFailedException>(() => context.InvokeAsync(Run, Call, 0.05m));

        Assert.Equal([null, null, "fallback"], context.ModelRequests.Select(r => r.Deployment));
        Assert.Equal([false, true, false], context.ModelRequests.Select(r => r.Repair is not null));
        Assert.Equal(AttemptOutcome.InvalidOutput, ex.Outcome);
        Assert.Equal(0.010m, ex.Spent);
        Assert.Contains("InvalidOutput on fallback", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAFallbackAFailedRepairEndsTheCall()
    {
        var context = new ScriptedOrchestrationContext(Invalid(0.004m, primaryHasFallback: false), Invalid(0.005m, primaryHasFallback: false), Answer(0m));

        ModelCallFailedException ex = await Assert.ThrowsAsync<ModelCallFailedException>(() => context.InvokeAsync(Run, Call, 0.05m));

        Assert.Equal(2, context.ModelRequests.Count);
        Assert.Equal(AttemptOutcome.InvalidOutput, ex.Outcome);
        Assert.Equal(0.009m, ex.Spent);
    }

    [Fact]
    public async Task AnAttemptAfterTheRepairIsNotARepair()
    {
        // The repair attempt itself is rate limited: the fallback is asked the plain question, and the call has no
        // repair left for the fallback's invalid answer.
        var context = new ScriptedOrchestrationContext(Invalid(0.004m), Attempt(AttemptOutcome.RateLimited, 0m), Invalid(0.001m), Answer(0m));

        ModelCallFailedException ex = await Assert.ThrowsAsync<ModelCallFailedException>(() => context.InvokeAsync(Run, Call, 0.05m));

        Assert.Equal([false, true, false], context.ModelRequests.Select(r => r.Repair is not null));
        Assert.Equal(AttemptOutcome.InvalidOutput, ex.Outcome);
    }

    [Theory]
    [InlineData(AttemptOutcome.Refused)]
    [InlineData(AttemptOutcome.ContentFiltered)]
    public async Task ARefusalIsNeitherRepairedNorSentToTheFallback(AttemptOutcome outcome)
    {
        var context = new ScriptedOrchestrationContext(Attempt(outcome, 0.001m), Answer(0m));

        ModelCallFailedException ex = await Assert.ThrowsAsync<ModelCallFailedException>(() => context.InvokeAsync(Run, Call, 0.05m));

        ModelAttemptRequest request = Assert.Single(context.ModelRequests);
        Assert.Null(request.Repair);
        Assert.Equal(outcome, ex.Outcome);
        Assert.Equal(0.001m, ex.Spent);
    }

    [Fact]
    public async Task ACostCeilingRefusalMovesToTheFallbackWithTheSameCeilingLeft()
    {
        var context = new ScriptedOrchestrationContext(Attempt(AttemptOutcome.CostCeiling, 0m), Answer(0.001m));

        await context.InvokeAsync(Run, Call, 0.05m);

        Assert.Equal([null, "fallback"], context.ModelRequests.Select(r => r.Deployment));
        Assert.Equal([0.05m, 0.05m], context.ModelRequests.Select(r => r.CostCeilingLeft));
        Assert.All(context.ModelRequests, r => Assert.Null(r.Repair));
    }

    [Fact]
    public async Task TheSchemaSentIsTheCallsOwnOnEveryAttempt()
    {
        OutputSchema narrowed = ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", ["a", "b"]);
        var context = new ScriptedOrchestrationContext(Invalid(0m), Invalid(0m), Answer(0m));

        await context.InvokeAsync(Run, Call with { Output = narrowed });

        Assert.All(context.ModelRequests, r => Assert.Equal(narrowed.Sha256, r.Output!.Sha256));
    }
}

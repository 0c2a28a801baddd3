using System.Text.Json;
using Microsoft.DurableTask;
using Tollgate.Models;
using Tollgate.Prompts;
using Tollgate.Runs;
using Tollgate.Workflows;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// The summarize orchestrator and its model-call loop, driven step by step: what each attempt asks
/// for, when it retries and how long it waits, and how the run is closed either way.
/// </summary>
public sealed class SummarizeOrchestrationTests
{
    private const string RunId = "0123456789abcdef0123456789abcdef";
    private const string Text = "Tollgate counts, caps, budgets and records every model call.";
    private static readonly WorkflowStart Input = Start(Text);

    private static WorkflowStart Start(string text) =>
        new("summarize", "alice", JsonSerializer.SerializeToElement(new { text }), new Dictionary<string, int>());

    private static Func<ModelAttemptRequest, ModelAttemptResult> Answer(string text) => request => Result(request, AttemptOutcome.Succeeded, text);

    /// <summary>A failure on "primary", whose catalog entry names "fallback" as its fallback.</summary>
    private static Func<ModelAttemptRequest, ModelAttemptResult> FailWithFallback(AttemptOutcome outcome) =>
        request => Result(request, outcome, null) with { Deployment = request.Deployment ?? "primary", Fallback = request.Deployment is null ? "fallback" : null };

    [Theory]
    [InlineData(AttemptOutcome.RateLimited)]
    [InlineData(AttemptOutcome.CircuitOpen)]
    [InlineData(AttemptOutcome.ContextTooLong)]
    [InlineData(AttemptOutcome.BudgetExceeded)]
    public async Task ADeploymentThatCannotTakeTheRequestFallsBackAtOnce(AttemptOutcome outcome)
    {
        var context = new ScriptedOrchestrationContext(FailWithFallback(outcome), Answer("from the fallback"));

        SummarizeOutput output = await new SummarizeWorkflow().RunAsync(context, Input);

        Assert.Equal("from the fallback", output.Summary);
        Assert.Equal([null, "fallback"], context.ModelRequests.Select(r => r.Deployment));
        Assert.Equal([1, 2], context.ModelRequests.Select(r => r.Attempt));
        Assert.Single(context.ModelRequests.Select(r => r.CallId).Distinct());
        Assert.Empty(context.Timers);
    }

    [Fact]
    public async Task ServerErrorsUseTheDeploymentsAttemptsBeforeFallingBack()
    {
        var context = new ScriptedOrchestrationContext(
            FailWithFallback(AttemptOutcome.ServerError), FailWithFallback(AttemptOutcome.ServerError), FailWithFallback(AttemptOutcome.ServerError),
            Answer("from the fallback"));

        await new SummarizeWorkflow().RunAsync(context, Input);

        Assert.Equal([null, null, null, "fallback"], context.ModelRequests.Select(r => r.Deployment));
        Assert.Equal(ModelCalls.AttemptsPerDeployment - 1, context.Timers.Count);
    }

    [Theory]
    [InlineData(AttemptOutcome.ContentFiltered)]
    [InlineData(AttemptOutcome.Rejected)]
    public async Task ARefusalOfTheContentDoesNotFallBack(AttemptOutcome outcome)
    {
        var context = new ScriptedOrchestrationContext(FailWithFallback(outcome), Answer("never asked for"));

        await Assert.ThrowsAsync<ModelCallFailedException>(() => new SummarizeWorkflow().RunAsync(context, Input));

        Assert.Single(context.ModelRequests);
    }

    private static Func<ModelAttemptRequest, ModelAttemptResult> Fail(AttemptOutcome outcome, TimeSpan? retryAfter = null) =>
        request => Result(request, outcome, null, retryAfter);

    private static ModelAttemptResult Result(ModelAttemptRequest request, AttemptOutcome outcome, string? text, TimeSpan? retryAfter = null) =>
        new(outcome, "primary", text, outcome == AttemptOutcome.Succeeded ? "gpt-4o-2024-08-06" : null, null,
            outcome == AttemptOutcome.Succeeded ? "stop" : null, 42, request.MaxOutputTokens,
            outcome == AttemptOutcome.Succeeded ? new TokenUsage(42, 0, 7, 0) : TokenUsage.None, ModelCost.Zero, 10, retryAfter,
            outcome == AttemptOutcome.Succeeded ? null : $"HTTP: {outcome}");

    [Fact]
    public async Task ASuccessfulRunMakesOneCappedAttemptAndRecordsTheOutput()
    {
        var context = new ScriptedOrchestrationContext(Answer("A short summary."));

        SummarizeOutput output = await new SummarizeWorkflow().RunAsync(context, Input);

        Assert.Equal("A short summary.", output.Summary);
        ModelAttemptRequest request = Assert.Single(context.ModelRequests);
        Assert.Equal(RunId, request.RunId);
        Assert.Equal("alice", request.UserId);
        Assert.Equal(SummarizeWorkflow.Summary.MinOutputTokens, request.MinOutputTokens);
        Assert.Equal(1, request.Attempt);
        Assert.Equal("summarize", request.Step);
        Assert.Equal(PromptCatalog.SummarizeV1.Id, request.PromptId);
        Assert.Equal(PromptCatalog.SummarizeV1.Version, request.PromptVersion);
        Assert.Equal(Text, request.Variables["text"]);
        Assert.Equal(SummarizeWorkflow.Summary.MaxOutputTokens, request.MaxOutputTokens);
        Assert.Empty(context.Timers);

        RunCompletion completion = Assert.Single(context.Completions);
        Assert.Equal(new RunCompletion(RunId, RunStatus.Completed, completion.Output, null, 0.25m, TimeSpan.FromSeconds(30)), completion);
        using JsonDocument recorded = JsonDocument.Parse(completion.Output!);
        Assert.Equal("A short summary.", recorded.RootElement.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task TheCallIdComesFromTheOrchestrationAndIsSharedByItsAttempts()
    {
        // Guid.NewGuid() in an orchestrator would differ on replay; context.NewGuid() does not.
        var context = new ScriptedOrchestrationContext(Fail(AttemptOutcome.ServerError), Answer("ok"));

        await new SummarizeWorkflow().RunAsync(context, Input);

        Guid guid = Assert.Single(context.Guids);
        Assert.All(context.ModelRequests, r => Assert.Equal(guid.ToString("N"), r.CallId));
        Assert.Equal([1, 2], context.ModelRequests.Select(r => r.Attempt));
    }

    [Fact]
    public async Task ReplayingTheRecordedHistoryIssuesTheSameCommandsAndReturnsTheSameOutput()
    {
        // After a restart the worker re-runs the orchestrator over its history: every command must be the
        // recorded one (a wall clock, Guid.NewGuid or random jitter would differ), answered from the history.
        var recorded = new ScriptedOrchestrationContext(
            Fail(AttemptOutcome.RateLimited, TimeSpan.FromSeconds(3)), Fail(AttemptOutcome.TimedOut), Answer("ok"));
        SummarizeOutput first = await new SummarizeWorkflow().RunAsync(recorded, Input);

        var replay = ScriptedOrchestrationContext.Replay(recorded);
        Assert.True(replay.IsReplaying);
        SummarizeOutput second = await new SummarizeWorkflow().RunAsync(replay, Input);

        Assert.Equal(first, second);
        Assert.False(replay.IsReplaying);
        Assert.Equal(recorded.Journal.Select(ScriptedOrchestrationContext.Describe), replay.Journal.Select(ScriptedOrchestrationContext.Describe));
        Assert.Equal(6, replay.Journal.Count); // three attempts, two timers, the completion
    }

    [Fact]
    public async Task AReplayThatAsksForSomethingElseThanTheHistoryIsCaught()
    {
        // The check above is only worth something if a divergent replay fails it.
        var recorded = new ScriptedOrchestrationContext(Answer("ok"));
        await new SummarizeWorkflow().RunAsync(recorded, Input);

        var replay = ScriptedOrchestrationContext.Replay(recorded);

        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => new SummarizeWorkflow().RunAsync(replay, Start("Another text.")));
    }

    [Theory]
    [InlineData(AttemptOutcome.RateLimited)]
    [InlineData(AttemptOutcome.ServerError)]
    [InlineData(AttemptOutcome.TimedOut)]
    public async Task ATransientFailureIsRetriedAfterADurableBackoff(AttemptOutcome outcome)
    {
        var context = new ScriptedOrchestrationContext(Fail(outcome), Fail(outcome), Answer("ok"));

        SummarizeOutput output = await new SummarizeWorkflow().RunAsync(context, Input);

        Assert.Equal("ok", output.Summary);
        Assert.Equal(3, context.ModelRequests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], context.Timers);
        Assert.Equal(RunStatus.Completed, Assert.Single(context.Completions).Status);
    }

    [Fact]
    public async Task AProviderRetryAfterLongerThanTheBackoffIsHonoured()
    {
        var context = new ScriptedOrchestrationContext(Fail(AttemptOutcome.RateLimited, TimeSpan.FromSeconds(17)), Answer("ok"));

        await new SummarizeWorkflow().RunAsync(context, Input);

        Assert.Equal([TimeSpan.FromSeconds(17)], context.Timers);
    }

    [Fact]
    public async Task ATimerThatFiresEarlyIsWaitedOutSoTheRetryAfterIsNeverCutShort()
    {
        // As on the Azure Storage backend, whose queue hides a timer's message for whole seconds, truncated.
        var context = new ScriptedOrchestrationContext(Fail(AttemptOutcome.RateLimited, TimeSpan.FromSeconds(17)), Answer("ok"))
        {
            TimersFireEarlyBy = TimeSpan.FromMilliseconds(400),
        };

        await new SummarizeWorkflow().RunAsync(context, Input);

        Assert.Equal([TimeSpan.FromSeconds(17), TimeSpan.FromSeconds(1.4)], context.Timers);
        Assert.True(context.CurrentUtcDateTime - ScriptedOrchestrationContext.Start >= TimeSpan.FromSeconds(17));
    }

    [Fact]
    public async Task AProviderRetryAfterShorterThanTheBackoffDoesNotShortenIt()
    {
        var context = new ScriptedOrchestrationContext(Fail(AttemptOutcome.RateLimited), Fail(AttemptOutcome.RateLimited, TimeSpan.FromMilliseconds(100)), Answer("ok"));

        await new SummarizeWorkflow().RunAsync(context, Input);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], context.Timers);
    }

    [Fact]
    public async Task NoWaitIsLongerThanAMinute()
    {
        var context = new ScriptedOrchestrationContext(Fail(AttemptOutcome.RateLimited, TimeSpan.FromHours(2)), Answer("ok"));

        await new SummarizeWorkflow().RunAsync(context, Input);

        Assert.Equal([TimeSpan.FromMinutes(1)], context.Timers);
    }

    [Fact]
    public async Task TransientFailuresStopAfterTheMaximumAttemptsAndTheRunFails()
    {
        var context = new ScriptedOrchestrationContext(
            Fail(AttemptOutcome.ServerError), Fail(AttemptOutcome.ServerError), Fail(AttemptOutcome.ServerError), Answer("never asked for"));

        ModelCallFailedException ex = await Assert.ThrowsAsync<ModelCallFailedException>(() => new SummarizeWorkflow().RunAsync(context, Input));

        Assert.Equal(ModelCalls.AttemptsPerDeployment, context.ModelRequests.Count);
        Assert.Equal(ModelCalls.AttemptsPerDeployment - 1, context.Timers.Count);
        Assert.Contains("ServerError", ex.Message, StringComparison.Ordinal);
        RunCompletion completion = Assert.Single(context.Completions);
        Assert.Equal(RunStatus.Failed, completion.Status);
        Assert.Null(completion.Output);
        Assert.Equal(ex.Message, completion.Error);
        Assert.IsType<ScriptedOrchestrationContext.ActivityCall>(context.Journal[^1]);
    }

    [Theory]
    [InlineData(AttemptOutcome.ContextTooLong)]
    [InlineData(AttemptOutcome.ContentFiltered)]
    [InlineData(AttemptOutcome.Rejected)]
    public async Task APermanentFailureIsNotRetried(AttemptOutcome outcome)
    {
        var context = new ScriptedOrchestrationContext(Fail(outcome), Answer("never asked for"));

        ModelCallFailedException ex = await Assert.ThrowsAsync<ModelCallFailedException>(() => new SummarizeWorkflow().RunAsync(context, Input));

        Assert.Single(context.ModelRequests);
        Assert.Empty(context.Timers);
        Assert.Contains(outcome.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Failed, Assert.Single(context.Completions).Status);
    }

    [Fact]
    public async Task AFailedActivityStillClosesTheRunAsFailed()
    {
        var failure = new TaskFailureDetails(typeof(InvalidOperationException).FullName!, "Table unavailable.", null, null, null);
        var context = new ScriptedOrchestrationContext(_ => throw new TaskFailedException(TollgateTasks.CallModel, 1, failure));

        await Assert.ThrowsAsync<TaskFailedException>(() => new SummarizeWorkflow().RunAsync(context, Input));

        RunCompletion completion = Assert.Single(context.Completions);
        Assert.Equal(RunStatus.Failed, completion.Status);
        Assert.Equal(RunId, completion.RunId);
    }

    [Fact]
    public async Task NoAttemptAsksForMoreOutputThanTheStepsCap()
    {
        var context = new ScriptedOrchestrationContext(
            Fail(AttemptOutcome.RateLimited), Fail(AttemptOutcome.TimedOut), Fail(AttemptOutcome.ServerError));

        await Assert.ThrowsAsync<ModelCallFailedException>(() => new SummarizeWorkflow().RunAsync(context, Input));

        Assert.All(context.ModelRequests, r => Assert.InRange(r.MaxOutputTokens, 1, SummarizeWorkflow.Summary.MaxOutputTokens));
    }

    [Fact]
    public void TheCallersInputBecomesTheOrchestrationsInputVerbatim()
    {
        const string Spaced = "  Keep my spacing.\n\n  And {{this}}.  ";
        using JsonDocument input = JsonDocument.Parse(JsonSerializer.Serialize(new { text = Spaced }));

        WorkflowInputResult result = WorkflowCatalog.Get("summarize")!.ReadInput(input.RootElement);

        Assert.Null(result.Field);
        Assert.Equal(new SummarizeInput { Text = Spaced }, result.Input);
    }
}

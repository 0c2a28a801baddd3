using Microsoft.Extensions.DependencyInjection;
using Tollgate.Budgets;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Models;
using Tollgate.Prompts;
using Tollgate.Runs;
using Tollgate.Workflows.Summarize;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Durable runs activities at least once. A worker that dies between reserving and recording leaves an open reservation. When Durable re-runs the
/// activity, the earlier execution's outcome is unknown — it may have been billed — so it is charged at its
/// reservation, never at zero, and the model is not called again under the same attempt.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class InterruptedAttemptTests(DevHostFixture fixture)
{
    [Fact]
    public async Task AReRunAttemptFindingItsOwnOpenReservationChargesItInFullAndSendsNothing()
    {
        IServiceProvider services = fixture.Host.App.Services;
        var gateway = services.GetRequiredService<ModelGateway>();
        var ledger = services.GetRequiredService<BudgetLedger>();
        var runs = services.GetRequiredService<RunStore>();
        string runId = RunIds.New(TimeProvider.System);
        string text = $"The worker died mid-call. {runId}"; // this test's own prompt, so only its requests are counted
        await runs.TryCreateAsync(new RunRecord(runId, "summarize", "crash-user", RunStatus.Pending, DateTimeOffset.UtcNow, "hash", null),
            CancellationToken.None);
        var request = new ModelAttemptRequest(runId, "crash-user", "call-1", 1, "summarize", PromptCatalog.SummarizeV1.Id, PromptCatalog.SummarizeV1.Version,
            new Dictionary<string, string> { ["text"] = text }, SummarizeWorkflow.Summary.MaxOutputTokens, SummarizeWorkflow.Summary.MinOutputTokens);

        // What the dead execution left behind: its reservation, never settled.
        Assert.True((await ledger.ReserveAsync("crash-user", $"{runId}|call-1|001", 0.0030m, CancellationToken.None)).Granted);
        BudgetState before = await ledger.GetAsync("crash-user", CancellationToken.None);

        ModelAttemptResult rerun = await gateway.AttemptAsync(request, CancellationToken.None);

        Assert.Equal(AttemptOutcome.Interrupted, rerun.Outcome);
        Assert.True(rerun.IsTransient);
        Assert.Equal(0.0030m, rerun.Cost.Total);
        Assert.Equal(0, fixture.Simulator.RequestsFor(text));
        BudgetState after = await ledger.GetAsync("crash-user", CancellationToken.None);
        Assert.Equal(before.Spent + 0.0030m, after.Spent);
        Assert.Equal(before.Reserved - 0.0030m, after.Reserved);

        // The next attempt proceeds normally, and the run's record reconciles with the ledger.
        ModelAttemptResult next = await gateway.AttemptAsync(request with { Attempt = 2 }, CancellationToken.None);
        Assert.Equal(AttemptOutcome.Succeeded, next.Outcome);
        RunRecord completed = await runs.CompleteAsync(new RunCompletion(runId, RunStatus.Completed, null, null), CancellationToken.None);
        Assert.Equal(0.0030m + next.Cost.Total, completed.Cost!.Total);
        Assert.Equal(after.Spent + next.Cost.Total, (await ledger.GetAsync("crash-user", CancellationToken.None)).Spent);
        AttemptRecord interrupted = (await runs.GetAsync(runId, CancellationToken.None))!.Attempts[0];
        Assert.Equal(AttemptOutcome.Interrupted, interrupted.Outcome);
        Assert.True(interrupted.CostIsEstimate);
    }

    [Fact]
    public async Task AReRunOfAFinishedAttemptReturnsTheRecordedResultAndCallsNothingAgain()
    {
        IServiceProvider services = fixture.Host.App.Services;
        var gateway = services.GetRequiredService<ModelGateway>();
        var ledger = services.GetRequiredService<BudgetLedger>();
        var runs = services.GetRequiredService<RunStore>();
        string runId = RunIds.New(TimeProvider.System);
        string text = $"The result was lost on the way back. {runId}";
        await runs.TryCreateAsync(new RunRecord(runId, "summarize", "rerun-user", RunStatus.Pending, DateTimeOffset.UtcNow, "hash", null),
            CancellationToken.None);
        var request = new ModelAttemptRequest(runId, "rerun-user", "call-1", 1, "summarize", PromptCatalog.SummarizeV1.Id, PromptCatalog.SummarizeV1.Version,
            new Dictionary<string, string> { ["text"] = text }, SummarizeWorkflow.Summary.MaxOutputTokens, SummarizeWorkflow.Summary.MinOutputTokens);

        ModelAttemptResult first = await gateway.AttemptAsync(request, CancellationToken.None);
        BudgetState charged = await ledger.GetAsync("rerun-user", CancellationToken.None);

        ModelAttemptResult again = await gateway.AttemptAsync(request, CancellationToken.None);

        Assert.Equal(AttemptOutcome.Succeeded, again.Outcome);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.Cost, again.Cost);
        Assert.Equal(first.Fallback, again.Fallback);
        Assert.Equal(1, fixture.Simulator.RequestsFor(text));
        Assert.Equal(charged, await ledger.GetAsync("rerun-user", CancellationToken.None));
        Assert.Single((await runs.GetAsync(runId, CancellationToken.None))!.Attempts);
    }
}

using Tollgate.Models;
using Tollgate.Rollouts;
using Tollgate.Runs;

namespace Tollgate.Tests.Rollouts;

/// <summary>What a finished run contributes to a rollout's report, and the report's arithmetic.</summary>
public sealed class RolloutReportTests
{
    private static readonly Rollout Mini = new("classify-mini", "classify", "classify", "primary", "fallback", 20, "salt");
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static RunRecord Run(RunStatus status, long latency = 100, decimal cost = 0.01m) =>
        new("run1", "classify", "user-1", status, Start, "sha", null, CompletedAt: Start.AddSeconds(2),
            Cost: new ModelCost(cost, 0m, 0m), ModelLatencyMilliseconds: latency);

    private static AttemptRecord Attempt(string callId, int number, string deployment, AttemptOutcome outcome, string? arm,
        bool structured = true, string step = "classify") =>
        new("run1", callId, number, step, deployment, "classify", 1, "hash", 10, 100, outcome, Start.AddSeconds(number), 50,
            TokenUsage.None, ModelCost.Zero, CostIsEstimate: false, OutputSchemaSha256: structured ? "schema" : null, RolloutArm: arm);

    [Fact]
    public void ARunIsIndexedUnderTheRolloutItsAttemptsNameWithTheRunsOwnStatusLatencyAndCost()
    {
        RolloutRunRecord row = Assert.Single(RolloutRunRecord.From(Run(RunStatus.Completed, latency: 321, cost: 0.0042m),
        [
            Attempt("c1", 1, "fallback", AttemptOutcome.InvalidOutput, "classify-mini:candidate"),
            Attempt("c1", 2, "fallback", AttemptOutcome.Succeeded, "classify-mini:candidate"),
        ]));

        Assert.Equal(("classify-mini", "run1", "candidate", RunStatus.Completed), (row.Rollout, row.RunId, row.Arm, row.Status));
        Assert.Equal((2, 2, 1, false, false), (row.Attempts, row.StructuredAnswers, row.ValidStructuredAnswers, row.AllStructuredValid, row.FellBack));
        Assert.Equal((321L, 0.0042m), (row.ModelLatencyMilliseconds, row.Cost));
    }

    [Fact]
    public void AFallbackIsAnAttemptOnAnotherDeploymentThanItsCallsFirstAndFailuresThatDidNotAnswerAreNotStructuredAnswers()
    {
        RolloutRunRecord row = Assert.Single(RolloutRunRecord.From(Run(RunStatus.Completed),
        [
            Attempt("c1", 1, "primary", AttemptOutcome.RateLimited, "classify-mini:current"),
            Attempt("c1", 2, "fallback", AttemptOutcome.Succeeded, "classify-mini:current"),
        ]));

        Assert.True(row.FellBack);
        Assert.Equal((1, 1, true), (row.StructuredAnswers, row.ValidStructuredAnswers, row.AllStructuredValid));
    }

    [Fact]
    public void OnlyTheRolloutsOwnAttemptsCountAndARunWithoutArmsOrUnfinishedIsNotIndexed()
    {
        AttemptRecord[] attempts =
        [
            Attempt("c1", 1, "primary", AttemptOutcome.Succeeded, "classify-mini:current"),
            Attempt("c2", 1, "primary", AttemptOutcome.InvalidOutput, null, step: "other"),
            Attempt("c2", 2, "fallback", AttemptOutcome.Succeeded, null, step: "other"),
        ];

        RolloutRunRecord row = Assert.Single(RolloutRunRecord.From(Run(RunStatus.Failed), attempts));
        Assert.Equal((1, 1, false, RunStatus.Failed), (row.StructuredAnswers, row.ValidStructuredAnswers, row.FellBack, row.Status));
        Assert.Empty(RolloutRunRecord.From(Run(RunStatus.Completed), [.. attempts.Skip(1)]));
        Assert.Empty(RolloutRunRecord.From(Run(RunStatus.Pending), attempts));
    }

    [Fact]
    public void TheReportComparesBothArmsWithTheirSampleCounts()
    {
        RolloutRunRecord Row(string id, string arm, RunStatus status, long latency, decimal cost, int structured, int valid, bool fellBack) =>
            new("classify-mini", id, arm, "classify", "u", status, Start, 1, structured, valid, fellBack, latency, cost);

        RolloutReport report = RolloutReport.From(Mini,
        [
            Row("a", RolloutArms.Current, RunStatus.Completed, 300, 0.003m, 1, 1, false),
            Row("b", RolloutArms.Current, RunStatus.Completed, 100, 0.001m, 1, 1, true),
            Row("c", RolloutArms.Current, RunStatus.Failed, 200, 0.002m, 2, 1, false),
            Row("d", RolloutArms.Candidate, RunStatus.Completed, 50, 0.0005m, 2, 1, false),
        ]);

        Assert.Equal(("classify-mini", "classify", "classify", 20.0), (report.Rollout, report.Workflow, report.Step, report.Percentage));
        RolloutArmReport current = report.Arms[0];
        Assert.Equal((RolloutArms.Current, "primary", 3, 2), (current.Arm, current.Deployment, current.Runs, current.Succeeded));
        Assert.Equal(2 / 3.0, current.SuccessRate);
        Assert.Equal((4, 3, 0.75), (current.StructuredAnswers, current.ValidStructuredAnswers, current.StructuredValidityRate!.Value));
        Assert.Equal((1, 1 / 3.0), (current.FellBack, current.FallbackRate!.Value));
        Assert.Equal(new LatencyPercentiles(3, 200, 300), current.ModelLatencyMs);
        Assert.Equal((0.006m, 0.002m), (current.TotalCost, current.MeanCostPerRun!.Value));

        RolloutArmReport candidate = report.Arms[1];
        Assert.Equal((RolloutArms.Candidate, "fallback", 1, 1.0, 0.5), (candidate.Arm, candidate.Deployment, candidate.Runs, candidate.SuccessRate!.Value,
            candidate.StructuredValidityRate!.Value));
    }

    [Fact]
    public void AnArmWithoutRunsHasNoRates()
    {
        RolloutArmReport empty = RolloutReport.From(Mini, []).Arms[1];

        Assert.Equal((0, null, null, null, null), (empty.Runs, empty.SuccessRate, empty.StructuredValidityRate, empty.FallbackRate, empty.MeanCostPerRun));
        Assert.Equal(new LatencyPercentiles(0, null, null), empty.ModelLatencyMs);
    }

    [Theory]
    [InlineData(new long[] { 7 }, 7, 7)]
    [InlineData(new long[] { 1, 2 }, 1, 2)]
    [InlineData(new long[] { 5, 1, 4, 2, 3 }, 3, 5)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 10, 19)]
    public void PercentilesAreNearestRank(long[] latencies, long p50, long p95) =>
        Assert.Equal(new LatencyPercentiles(latencies.Length, p50, p95), LatencyPercentiles.Of(latencies));

    [Theory]
    [InlineData("classify-mini:candidate", true, "classify-mini", "candidate")]
    [InlineData("classify-mini:current", true, "classify-mini", "current")]
    [InlineData("classify-mini:other", false, "", "")]
    [InlineData(":current", false, "", "")]
    [InlineData(null, false, "", "")]
    public void ArmLabelsReadBack(string? label, bool parsed, string rollout, string arm)
    {
        Assert.Equal(parsed, RolloutArms.TryParse(label, out string readRollout, out string readArm));
        Assert.Equal((rollout, arm), (readRollout, readArm));
    }
}

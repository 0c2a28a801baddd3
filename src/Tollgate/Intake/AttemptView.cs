using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Intake;

public sealed record AttemptView(
    string CallId,
    int Attempt,
    string Step,
    string Deployment,
    string Outcome,
    int CountedInputTokens,
    int MaxOutputTokens,
    int StepMaxOutputTokens,
    TokenUsage Usage,
    decimal Reserved,
    CostView Cost,
    bool CostIsEstimate,
    long LatencyMs,
    string? ResponseModel,
    string? SystemFingerprint,
    string? FinishReason,
    DateTimeOffset StartedAt,
    string? Error,
    string? ReplayedFrom,
    long? Seed,
    bool IsRepair,
    string? OutputSchemaSha256,
    string? Output,
    string? RolloutArm)
{
    public static AttemptView From(AttemptRecord a) => new(
        a.CallId, a.Attempt, a.Step, a.Deployment, a.Outcome.ToString(), a.CountedInputTokens, a.MaxOutputTokens, a.StepMaxOutputTokens,
        a.Usage, a.Reserved, CostView.From(a.Cost), a.CostIsEstimate, a.LatencyMilliseconds, a.ResponseModel, a.SystemFingerprint,
        a.FinishReason, a.StartedAt, a.Error, a.ReplayedFrom, a.Seed, a.IsRepair, a.OutputSchemaSha256, a.Output,
        a.RolloutArm);
}

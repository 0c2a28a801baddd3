using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Rollouts;

/// <summary>
/// A finished run as one rollout's report counts it (table <c>RolloutRuns</c>, partition = rollout name, row = run id),
/// written when the run ends. <see cref="Status"/>, <see cref="ModelLatencyMilliseconds"/> and <see cref="Cost"/> are the
/// run record's; <see cref="Attempts"/>, the structured-answer counts and <see cref="FellBack"/> cover the attempts that
/// carry this rollout's arm (the rolled-out step's calls). A structured answer is an attempt of a schema-bound call that
/// answered (valid) or answered off-schema (<see cref="AttemptOutcome.InvalidOutput"/>); a call fell back when one of its
/// attempts went to another deployment than its first.
/// </summary>
public sealed record RolloutRunRecord(
    string Rollout,
    string RunId,
    string Arm,
    string Workflow,
    string UserId,
    RunStatus Status,
    DateTimeOffset? CompletedAt,
    int Attempts,
    int StructuredAnswers,
    int ValidStructuredAnswers,
    bool FellBack,
    long ModelLatencyMilliseconds,
    decimal Cost)
{
    /// <summary>Every structured answer of the rollout's calls satisfied its schema (true when there was none).</summary>
    public bool AllStructuredValid => ValidStructuredAnswers == StructuredAnswers;

    /// <summary>
    /// One record per rollout whose arm <paramref name="attempts"/> carry; none for a run that has not finished. A run
    /// whose calls recorded two arms of one rollout (its percentage was lowered between them) counts on its first call's arm.
    /// </summary>
    public static IEnumerable<RolloutRunRecord> From(RunRecord run, IReadOnlyList<AttemptRecord> attempts)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(attempts);
        if (run.Status is not (RunStatus.Completed or RunStatus.Failed))
        {
            yield break;
        }

        var byRollout = new Dictionary<string, List<(AttemptRecord Attempt, string Arm)>>(StringComparer.Ordinal);
        foreach (AttemptRecord attempt in attempts)
        {
            if (RolloutArms.TryParse(attempt.RolloutArm, out string rollout, out string arm))
            {
                if (!byRollout.TryGetValue(rollout, out List<(AttemptRecord, string)>? list))
                {
                    byRollout[rollout] = list = [];
                }

                list.Add((attempt, arm));
            }
        }

        foreach ((string rollout, List<(AttemptRecord Attempt, string Arm)> tagged) in byRollout)
        {
            AttemptRecord[] mine = [.. tagged.Select(t => t.Attempt)];
            AttemptRecord[] structured = [.. mine.Where(a => a.OutputSchemaSha256 is not null
                && (AttemptOutcomes.IsAnswer(a.Outcome) || a.Outcome == AttemptOutcome.InvalidOutput))];
            bool fellBack = mine.GroupBy(a => a.CallId, StringComparer.Ordinal)
                .Any(call => call.Select(a => a.Deployment).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1);
            yield return new RolloutRunRecord(
                rollout, run.RunId, tagged[0].Arm, run.Workflow, run.UserId, run.Status, run.CompletedAt, mine.Length,
                structured.Length, structured.Count(a => AttemptOutcomes.IsAnswer(a.Outcome)), fellBack,
                run.ModelLatencyMilliseconds ?? 0, run.Cost?.Total ?? 0m);
        }
    }
}

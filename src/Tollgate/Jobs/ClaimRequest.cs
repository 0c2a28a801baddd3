namespace Tollgate.Jobs;

/// <summary>Claim up to <paramref name="Max"/> pending items of a job for one occurrence, and prepare each one's run.</summary>
/// <param name="Job">The job's name (its partition of <c>JobItems</c>).</param>
/// <param name="Occurrence">The occurrence, in <see cref="JobSchedule.Format"/> form, that claims them.</param>
/// <param name="Workflow">The workflow each item runs.</param>
/// <param name="UserId">Who pays.</param>
/// <param name="Max">At most this many items.</param>
public sealed record ClaimRequest(string Job, string Occurrence, string Workflow, string UserId, int Max);

namespace Tollgate.Jobs;

/// <summary>What an items post did: rows added, rows already there (or repeated in the body), and the rows refused.</summary>
/// <param name="Job">The job.</param>
/// <param name="Accepted">Valid rows in the body.</param>
/// <param name="Added">Of those, rows new to the job.</param>
/// <param name="AlreadyPresent">Valid rows whose id the job (or an earlier row of the body) already had: kept as they were.</param>
/// <param name="Rejected">Rows refused.</param>
/// <param name="Errors">The first refused rows' line, field and problem (at most <see cref="AddJobItemsHandler.MaxErrorsShown"/>).</param>
public sealed record AddItemsResponse(string Job, int Accepted, int Added, int AlreadyPresent, int Rejected, IReadOnlyList<JobItemError> Errors);

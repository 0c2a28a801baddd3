namespace Tollgate.Jobs;

/// <summary>
/// An items body read: the valid rows (with the line each starts on), the rows refused and why, and how many rows repeated
/// an earlier row's id in the same body. <see cref="Problem"/>, when set, is what is wrong with the body as a whole (no
/// header, an unterminated quote): then nothing is kept.
/// </summary>
/// <param name="Items">The valid rows, in body order, ids unique.</param>
/// <param name="Errors">The refused rows.</param>
/// <param name="Repeats">Rows whose id an earlier row of the body already had.</param>
/// <param name="Problem">A whole-body problem, or null.</param>
public sealed record JobItemsRead(IReadOnlyList<JobItem> Items, IReadOnlyList<JobItemError> Errors, int Repeats, string? Problem = null);

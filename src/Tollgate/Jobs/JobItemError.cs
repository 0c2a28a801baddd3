namespace Tollgate.Jobs;

/// <summary>A row of an items body that was not kept, and why.</summary>
/// <param name="Line">The 1-based line of the body where the row starts (a CSV header is line 1).</param>
/// <param name="Field">The field that is wrong (<c>input.notes</c>, <c>id</c>), or <c>$</c> for the row itself.</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record JobItemError(int Line, string Field, string Problem);

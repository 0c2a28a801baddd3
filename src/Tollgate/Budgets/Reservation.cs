namespace Tollgate.Budgets;

/// <summary>
/// The answer to a reservation: granted, or refused with what is still available. <see cref="Existing"/> is
/// the amount of a reservation that was already open under the same id — left by an earlier execution of the
/// same attempt that stopped before settling.
/// </summary>
public sealed record Reservation(bool Granted, decimal Available, decimal? Existing = null);

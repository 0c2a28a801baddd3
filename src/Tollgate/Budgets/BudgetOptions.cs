namespace Tollgate.Budgets;

/// <summary>Per-user spending limits, per calendar month (UTC), in the catalog's currency (USD).</summary>
public sealed class BudgetOptions
{
    public const string SectionName = "Tollgate:Budgets";

    /// <summary>What each user may spend on models per month, unless their budget row says otherwise.</summary>
    public decimal DefaultMonthlyLimit { get; set; } = 5.00m;
}

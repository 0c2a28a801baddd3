namespace Tollgate.Budgets;

/// <summary>The state of a user's budget for one month.</summary>
public sealed record BudgetState(string UserId, string Period, decimal Limit, decimal Spent, decimal Reserved)
{
    public decimal Available => Limit - Spent - Reserved;
}

namespace Tollgate.Intake;

public sealed record BudgetView(string UserId, string Period, string Currency, decimal Limit, decimal Spent, decimal Reserved, decimal Available);

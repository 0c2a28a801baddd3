using Tollgate.Models;

namespace Tollgate.Intake;

public sealed record CostView(string Currency, decimal Input, decimal CachedInput, decimal Output, decimal Total)
{
    public static CostView From(ModelCost cost) => new("USD", cost.Input, cost.CachedInput, cost.Output, cost.Total);
}

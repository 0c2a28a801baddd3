using Microsoft.AspNetCore.Http;
using Tollgate.Budgets;

namespace Tollgate.Intake;

/// <summary>
/// <c>GET /api/users/{userId}/budget</c>: this month's limit, what is spent, what open calls have
/// reserved, and what is left — the numbers the gateway decides by.
/// </summary>
public sealed class GetBudgetHandler(BudgetLedger ledger)
{
    public async Task<IResult> HandleAsync(string userId, CancellationToken cancellationToken)
    {
        if (!UserIds.IsValid(userId))
        {
            return Problems.InvalidField("userId", UserIds.Rule).ToResult();
        }

        BudgetState state = await ledger.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new BudgetView(state.UserId, state.Period, "USD", state.Limit, state.Spent, state.Reserved, state.Available));
    }
}

using Tollgate.Models;

namespace Tollgate.Workflows;

/// <summary>
/// Thrown in the orchestrator when a model call ends without an answer: <see cref="Outcome"/> says how it ended and
/// <see cref="Spent"/> what its attempts cost, so a workflow that carries on without the answer still counts it.
/// </summary>
public sealed class ModelCallFailedException(string message, AttemptOutcome outcome, decimal spent) : Exception(message)
{
    public AttemptOutcome Outcome { get; } = outcome;

    public decimal Spent { get; } = spent;
}

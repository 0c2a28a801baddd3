namespace Tollgate.Models;

/// <summary>What a repair attempt sends back to the model: its previous answer and why that answer was refused.</summary>
public sealed record RepairRequest(string? PreviousAnswer, IReadOnlyList<string> Errors);

namespace Tollgate.Jobs;

/// <summary>What the recorded items cost (from their run records) and how many succeeded or failed.</summary>
/// <param name="Cost">Their summed cost, USD.</param>
/// <param name="Succeeded">Items whose run completed.</param>
/// <param name="Failed">Items whose run failed.</param>
public sealed record RecordResult(decimal Cost, int Succeeded, int Failed);

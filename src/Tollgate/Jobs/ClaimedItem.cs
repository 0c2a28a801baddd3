using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Jobs;

/// <summary>
/// An item claimed for an occurrence: its run id (derived from the job and item id) and the run's start, recorded and
/// ready to schedule; or, when a run of that id had already finished (a claim repeated after a crash), how it ended,
/// so it is written back without running again; or, when its input no longer validates, why.
/// </summary>
/// <param name="ItemId">The item's id (its row key).</param>
/// <param name="RunId">The item's run id, also the sub-orchestration's instance id.</param>
/// <param name="Start">The run's orchestration input; null when the item cannot or need not run.</param>
/// <param name="Finished">The status of a run of this id that had already ended.</param>
/// <param name="Error">Why the item cannot run (its input no longer validates).</param>
public sealed record ClaimedItem(string ItemId, string RunId, WorkflowStart? Start, RunStatus? Finished = null, string? Error = null);

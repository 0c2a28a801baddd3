namespace Tollgate.Jobs;

/// <summary>
/// An occurrence asked to start: its instance id, and whether this call started it (false: it already existed, or another
/// occurrence of the job was still running).
/// </summary>
/// <param name="InstanceId">The occurrence's orchestration instance id.</param>
/// <param name="Started">True when this call scheduled it; false when it had been scheduled before, or was not started.</param>
/// <param name="RunningOccurrence">The instance id of another occurrence of the job still running, which kept this one from starting.</param>
public sealed record JobStart(string InstanceId, bool Started, string? RunningOccurrence = null);

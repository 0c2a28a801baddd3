namespace Tollgate.Jobs;

/// <summary>An occurrence asked to start: its instance id, and whether this call started it (false: it already existed).</summary>
/// <param name="InstanceId">The occurrence's orchestration instance id.</param>
/// <param name="Started">True when this call scheduled it; false when it had been scheduled before.</param>
public sealed record JobStart(string InstanceId, bool Started);

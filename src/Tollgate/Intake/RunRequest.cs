using System.Text.Json;

namespace Tollgate.Intake;

/// <summary>
/// What starting a run needs, however it arrived: who pays (<paramref name="UserId"/>, already checked against
/// <see cref="UserIds"/>) and the workflow's <paramref name="Input"/> (validated when the run starts).
/// </summary>
/// <param name="UserId">The account the run is charged to.</param>
/// <param name="Input">The workflow's input as JSON; its document must outlive the start.</param>
public sealed record RunRequest(string UserId, JsonElement Input);

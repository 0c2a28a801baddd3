using System.Text.Json;

namespace Tollgate.Intake;

/// <summary>
/// What starting a run needs, however it arrived: who pays (<paramref name="UserId"/>, already checked against
/// <see cref="UserIds"/>), the workflow's <paramref name="Input"/> (validated when the run starts) and, optionally, where to POST
/// the result when the run ends (validated by <see cref="Callbacks.CallbackTargets"/> when the run starts).
/// </summary>
/// <param name="UserId">The account the run is charged to.</param>
/// <param name="Input">The workflow's input as JSON; its document must outlive the start.</param>
/// <param name="CallbackUrl">Where the signed result goes when the run ends; null for none.</param>
public sealed record RunRequest(string UserId, JsonElement Input, Uri? CallbackUrl = null);

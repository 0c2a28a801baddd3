using System.Text.Json;
using Tollgate.Intake;

namespace Tollgate.Triggers;

/// <summary>The run request an event maps to, or the setting and pointer that found nothing usable, and why.</summary>
/// <param name="Request">The run request; null when the mapping failed.</param>
/// <param name="Setting">The trigger setting that failed (<c>User</c>, <c>Input:text</c>).</param>
/// <param name="JsonPointer">Its pointer(s).</param>
/// <param name="Problem">What is wrong.</param>
public sealed record TriggerMappingResult(RunRequest? Request, string? Setting, string? JsonPointer, string? Problem) : IDisposable
{
    private JsonDocument? _document;

    public static TriggerMappingResult Mapped(RunRequest request, JsonDocument document) => new(request, null, null, null) { _document = document };

    public static TriggerMappingResult Failed(string setting, string? jsonPointer, string problem) => new(null, setting, jsonPointer, problem);

    /// <summary>Releases the mapped input's document (after the run has started).</summary>
    public void Dispose() => _document?.Dispose();
}

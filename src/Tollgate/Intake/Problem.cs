using Microsoft.AspNetCore.Http;

namespace Tollgate.Intake;

/// <summary>
/// Why intake refused a request, independent of the transport: HTTP answers it as RFC 9457
/// <c>application/problem+json</c> (<see cref="ToResult"/>); the queue poisons a message that earned a 4xx.
/// </summary>
public sealed record Problem(int Status, string Type, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>A client error: sending the same thing again cannot succeed.</summary>
    public bool IsPermanent => Status < StatusCodes.Status500InternalServerError;

    public IResult ToResult() => Results.Problem(
        type: Type,
        title: Title,
        detail: Detail,
        statusCode: Status,
        extensions: Errors is null ? null : new Dictionary<string, object?> { ["errors"] = Errors });
}

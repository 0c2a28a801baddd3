using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Tollgate.Tests.Intake;

/// <summary>Checks an <see cref="IResult"/> is an RFC 9457 problem with the expected status and type.</summary>
internal static class ProblemAssert
{
    private const string TypeBase = "https://tollgate.dev/problems/";

    public static ProblemDetails Is(IResult result, int status, string type)
    {
        ProblemHttpResult problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(status, ((IStatusCodeHttpResult)problem).StatusCode);
        Assert.Equal("application/problem+json", problem.ContentType);
        Assert.Equal(TypeBase + type, problem.ProblemDetails.Type);
        Assert.False(string.IsNullOrEmpty(problem.ProblemDetails.Title));
        return problem.ProblemDetails;
    }

    /// <summary>A 400 that names <paramref name="field"/> in its detail and in its <c>errors</c> member.</summary>
    public static ProblemDetails IsInvalidField(IResult result, string field)
    {
        ProblemDetails details = Is(result, StatusCodes.Status400BadRequest, "invalid-request");
        Assert.StartsWith($"'{field}' ", details.Detail, StringComparison.Ordinal);
        IDictionary<string, string[]> errors = Assert.IsAssignableFrom<IDictionary<string, string[]>>(details.Extensions["errors"]);
        string[] messages = Assert.Contains(field, errors);
        Assert.Single(errors);
        Assert.NotEmpty(Assert.Single(messages));
        return details;
    }
}

using Microsoft.AspNetCore.Http;

namespace Tollgate.Intake;

/// <summary>RFC 9457 problem responses (<c>application/problem+json</c>) for everything intake refuses.</summary>
public static class Problems
{
    private const string TypeBase = "https://tollgate.dev/problems/";

    public static IResult InvalidField(string field, string problem) => Results.Problem(
        type: TypeBase + "invalid-request",
        title: "The request is invalid.",
        detail: $"'{field}' {problem}",
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [problem] } });

    public static IResult MalformedJson(string detail) => Results.Problem(
        type: TypeBase + "malformed-json",
        title: "The request body is not valid JSON.",
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest);

    public static IResult UnknownWorkflow(string name) => Results.Problem(
        type: TypeBase + "unknown-workflow",
        title: "No such workflow.",
        detail: $"There is no workflow named '{name}'.",
        statusCode: StatusCodes.Status404NotFound);

    public static IResult RunNotFound() => Results.Problem(
        type: TypeBase + "run-not-found",
        title: "No such run.",
        statusCode: StatusCodes.Status404NotFound);

    public static IResult TooLarge(int limit) => Results.Problem(
        type: TypeBase + "body-too-large",
        title: "The request body is too large.",
        detail: $"The body must be at most {limit} bytes.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult UnsupportedMediaType() => Results.Problem(
        type: TypeBase + "unsupported-media-type",
        title: "The request body must be JSON.",
        detail: "Send Content-Type: application/json.",
        statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static IResult IdempotencyKeyReused() => Results.Problem(
        type: TypeBase + "idempotency-key-reused",
        title: "The idempotency key was already used for a different request.",
        detail: "A repeated request must carry the same body as the first one; use a new key for a new request.",
        statusCode: StatusCodes.Status422UnprocessableEntity);

    public static IResult WebhooksDisabled() => Results.Problem(
        type: TypeBase + "webhooks-disabled",
        title: "Webhooks are not enabled.",
        detail: "Set Tollgate:Webhooks:SigningSecret to accept signed webhooks.",
        statusCode: StatusCodes.Status404NotFound);

    public static IResult InvalidSignature() => Results.Problem(
        type: TypeBase + "invalid-signature",
        title: "The webhook signature is missing, invalid or too old.",
        detail: "Sign deliveries as Standard Webhooks do (webhook-id, webhook-timestamp, webhook-signature) with the shared secret.",
        statusCode: StatusCodes.Status401Unauthorized);

    public static IResult CannotReplay(string detail) => Results.Problem(
        type: TypeBase + "cannot-replay",
        title: "The run cannot be replayed.",
        detail: detail,
        statusCode: StatusCodes.Status409Conflict);

    public static IResult NotStarted(bool resumable = true) => Results.Problem(
        type: TypeBase + "not-started",
        title: "The run could not be started.",
        detail: resumable
            ? "The workflow engine did not accept the run. Send the same request again with the same idempotency key to start it."
            : "The workflow engine did not accept the run; it was recorded as failed. Send the request again.",
        statusCode: StatusCodes.Status503ServiceUnavailable);
}

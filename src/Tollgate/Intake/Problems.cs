using Microsoft.AspNetCore.Http;

namespace Tollgate.Intake;

/// <summary>Every problem intake answers with.</summary>
public static class Problems
{
    private const string TypeBase = "https://tollgate.dev/problems/";

    public static Problem InvalidField(string field, string problem) => new(
        Type: TypeBase + "invalid-request",
        Title: "The request is invalid.",
        Detail: $"'{field}' {problem}",
        Status: StatusCodes.Status400BadRequest,
        Errors: new Dictionary<string, string[]> { [field] = [problem] });

    public static Problem MalformedJson(string detail) => new(
        Type: TypeBase + "malformed-json",
        Title: "The request body is not valid JSON.",
        Detail: detail,
        Status: StatusCodes.Status400BadRequest);

    public static Problem UnknownWorkflow(string name) => new(
        Type: TypeBase + "unknown-workflow",
        Title: "No such workflow.",
        Detail: $"There is no workflow named '{name}'.",
        Status: StatusCodes.Status404NotFound);

    public static Problem RunNotFound() => new(
        Type: TypeBase + "run-not-found",
        Title: "No such run.",
        Status: StatusCodes.Status404NotFound);

    public static Problem UnknownRollout(string name) => new(
        Type: TypeBase + "unknown-rollout",
        Title: "No such rollout.",
        Detail: $"No rollout named '{name}' is configured (Tollgate:Rollouts).",
        Status: StatusCodes.Status404NotFound);

    public static Problem TooLarge(int limit) => new(
        Type: TypeBase + "body-too-large",
        Title: "The request body is too large.",
        Detail: $"The body must be at most {limit} bytes.",
        Status: StatusCodes.Status413PayloadTooLarge);

    public static Problem UnsupportedMediaType() => new(
        Type: TypeBase + "unsupported-media-type",
        Title: "The request body must be JSON.",
        Detail: "Send Content-Type: application/json.",
        Status: StatusCodes.Status415UnsupportedMediaType);

    public static Problem IdempotencyKeyReused() => new(
        Type: TypeBase + "idempotency-key-reused",
        Title: "The idempotency key was already used for a different request.",
        Detail: "A repeated request must carry the same body as the first one; use a new key for a new request.",
        Status: StatusCodes.Status422UnprocessableEntity);

    public static Problem UnknownTrigger(string name) => new(
        Type: TypeBase + "unknown-trigger",
        Title: "No such trigger.",
        Detail: $"No trigger named '{name}' is configured (Tollgate:Triggers).",
        Status: StatusCodes.Status404NotFound);

    public static Problem InvalidSignature(string scheme) => new(
        Type: TypeBase + "invalid-signature",
        Title: "The delivery's signature is missing, invalid or outside its time window.",
        Detail: $"Sign deliveries as {scheme} specifies, with the trigger's secret.",
        Status: StatusCodes.Status401Unauthorized);

    public static Problem TriggerNotReady(string name) => new(
        Type: TypeBase + "trigger-not-ready",
        Title: "The trigger's secret is not available yet.",
        Detail: $"Trigger '{name}' has no usable secret (its Key Vault reference has not resolved). Deliver again later.",
        Status: StatusCodes.Status503ServiceUnavailable);

    public static Problem TriggerCallbackRefused(string name, string why) => new(
        Type: TypeBase + "trigger-callback-refused",
        Title: "The trigger's callback URL is refused.",
        Detail: $"Trigger '{name}': its CallbackUrl {why} Nothing was started; deliver again once the setting (or its host's DNS) is fixed.",
        Status: StatusCodes.Status503ServiceUnavailable);

    public static Problem IncompleteDelivery(string field) => new(
        Type: TypeBase + "incomplete-delivery",
        Title: "The delivery lacks what identifies it.",
        Detail: $"'{field}' is missing or not a non-empty string.",
        Status: StatusCodes.Status400BadRequest,
        Errors: new Dictionary<string, string[]> { [field] = ["is required."] });

    public static Problem UnmappableEvent(string trigger, string setting, string? jsonPointer, string problem) => new(
        Type: TypeBase + "unmappable-event",
        Title: "The event cannot be mapped to the workflow's input.",
        Detail: $"Tollgate:Triggers:{trigger}:{setting} ({jsonPointer}) {problem}",
        Status: StatusCodes.Status422UnprocessableEntity,
        Errors: new Dictionary<string, string[]> { [setting] = [$"{jsonPointer} {problem}"] });

    public static Problem CannotReplay(string detail) => new(
        Type: TypeBase + "cannot-replay",
        Title: "The run cannot be replayed.",
        Detail: detail,
        Status: StatusCodes.Status409Conflict);

    public static Problem NotStarted(bool resumable = true) => new(
        Type: TypeBase + "not-started",
        Title: "The run could not be started.",
        Detail: resumable
            ? "The workflow engine did not accept the run. Send the same request again with the same idempotency key to start it."
            : "The workflow engine did not accept the run; it was recorded as failed. Send the request again.",
        Status: StatusCodes.Status503ServiceUnavailable);

    public static Problem UnknownJob(string name) => new(
        Type: TypeBase + "unknown-job",
        Title: "No such job.",
        Detail: $"No job named '{name}' is configured (Tollgate:Jobs).",
        Status: StatusCodes.Status404NotFound);

    public static Problem UnsupportedItemsMediaType() => new(
        Type: TypeBase + "unsupported-media-type",
        Title: "The items must be JSON lines or CSV.",
        Detail: "Send Content-Type: application/x-ndjson (or application/jsonl), one JSON object per line, or text/csv with a header row.",
        Status: StatusCodes.Status415UnsupportedMediaType);

    public static Problem MalformedItems(string detail) => new(
        Type: TypeBase + "malformed-items",
        Title: "The items body cannot be read.",
        Detail: detail,
        Status: StatusCodes.Status400BadRequest);

    public static Problem NoValidItems(IReadOnlyDictionary<string, string[]> errors) => new(
        Type: TypeBase + "no-valid-items",
        Title: "No row of the items body is valid.",
        Detail: "Nothing was added; 'errors' names the first 100 rows' lines and what is wrong with each.",
        Status: StatusCodes.Status422UnprocessableEntity,
        Errors: errors);

    public static Problem JobRunNotFound() => new(
        Type: TypeBase + "job-run-not-found",
        Title: "No such job run.",
        Detail: "The job has no run for that occurrence (an occurrence is written 20261129T160000Z or 2026-11-29T16:00:00Z).",
        Status: StatusCodes.Status404NotFound);

    public static Problem JobOccurrenceRunning(string runningInstanceId) => new(
        Type: TypeBase + "job-occurrence-running",
        Title: "Another occurrence of the job is still running.",
        Detail: $"'{runningInstanceId}' has not ended; occurrences of one job never overlap, since each has the job's whole cost ceiling. Nothing was started.",
        Status: StatusCodes.Status409Conflict);
}

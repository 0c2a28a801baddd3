using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Tollgate.Hosting;
using Tollgate.Intake;
using Tollgate.Workflows;

namespace Tollgate.Triggers;

/// <summary>
/// Checks every trigger against the workflow catalog at start-up (<c>ValidateOnStart</c>) and on every reload: an
/// unknown kind or workflow, no or more than two secrets, a secret of the wrong shape for its kind, no event, an input
/// field the workflow does not take, a required input field no pointer maps, a malformed JSON Pointer, neither or both
/// of <c>User</c> and <c>UserId</c>, or two names for the same route stops the app, naming the setting. A secret that is
/// still an unresolved Key Vault reference is not checked here: the trigger answers 503 until it resolves.
/// </summary>
public sealed partial class TriggerOptionsValidator : IValidateOptions<TriggerOptions>
{
    public const int MinimumSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, TriggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.Problems);
        foreach ((string trigger, TriggerSettings settings) in options)
        {
            string prefix = $"{TriggerOptions.SectionName}:{trigger}";
            if (!NamePattern().IsMatch(trigger))
            {
                failures.Add($"{prefix}: a trigger's name must be 1-63 letters, digits, '-' or '_', starting with a letter or digit.");
            }
            else if (trigger.Contains('-', StringComparison.Ordinal) && options.ContainsKey(trigger.Replace('-', '_')))
            {
                failures.Add($"{prefix} and {TriggerOptions.SectionName}:{trigger.Replace('-', '_')} are the same trigger (/api/triggers/{trigger}); set one of them.");
            }

            if (settings.Kind is not { } kind)
            {
                failures.Add($"{prefix}:Kind is required ({string.Join(", ", Enum.GetNames<TriggerKind>())}).");
            }
            else
            {
                CheckSecrets(prefix, kind, settings.Secrets, failures);
            }

            WorkflowDefinition? workflow = null;
            if (string.IsNullOrWhiteSpace(settings.Workflow))
            {
                failures.Add($"{prefix}:Workflow is required.");
            }
            else if ((workflow = WorkflowCatalog.Get(settings.Workflow)) is null)
            {
                failures.Add($"{prefix}:Workflow '{settings.Workflow}' names no workflow (known: {string.Join(", ", WorkflowCatalog.All.Keys)}).");
            }

            if (settings.Events.Count == 0)
            {
                failures.Add($"{prefix}:Events is required: the events that start a run (e.g. issues.opened), or * for every event.");
            }

            if (workflow is not null)
            {
                CheckInput(prefix, workflow, settings.Input, failures);
            }

            if ((settings.User is null) == (settings.UserId is null))
            {
                failures.Add($"{prefix}: set one of User (a JSON Pointer to the user in the event) and UserId (a fixed account).");
            }
            else if (settings.User is not null && !TriggerMapping.IsPointer(settings.User))
            {
                failures.Add($"{prefix}:User '{settings.User}' is not a JSON Pointer (RFC 6901, e.g. /repository/owner/login).");
            }
            else if (settings.UserId is not null && !UserIds.IsValid(settings.UserId))
            {
                failures.Add($"{prefix}:UserId {UserIds.Rule}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSecrets(string prefix, TriggerKind kind, List<string> secrets, List<string> failures)
    {
        if (secrets.Count is 0 or > 2)
        {
            failures.Add($"{prefix}:Secrets must hold one secret, or two while one is rotated (Secrets:0, Secrets:1), not {secrets.Count}.");
        }

        for (int i = 0; i < secrets.Count; i++)
        {
            string secret = secrets[i];
            if (KeyVaultReferences.IsUnresolved(secret))
            {
                continue;
            }

            string? problem = kind switch
            {
                TriggerKind.StandardWebhooks => StandardWebhooksSource.Key(secret) is { Length: >= MinimumSecretLength } ? null
                    : $"must be whsec_ followed by base64 of at least {MinimumSecretLength} bytes",
                TriggerKind.Stripe => secret.StartsWith("whsec_", StringComparison.Ordinal) && secret.Length > "whsec_".Length + 8 ? null
                    : "must be the endpoint's signing secret, whsec_…",
                _ => secret.Trim().Length >= MinimumSecretLength && secret.Trim() == secret ? null
                    : $"must be at least {MinimumSecretLength} characters, without surrounding spaces",
            };
            if (problem is not null)
            {
                // The secret itself is never part of the message.
                failures.Add($"{prefix}:Secrets:{i} {problem} for a {kind} trigger.");
            }
        }
    }

    private static void CheckInput(string prefix, WorkflowDefinition workflow, Dictionary<string, List<string>> input, List<string> failures)
    {
        JsonTypeInfo info = WorkflowJson.Options.GetTypeInfo(workflow.InputType);
        foreach ((string field, List<string> pointers) in input)
        {
            if (!info.Properties.Any(p => p.Name == field))
            {
                failures.Add($"{prefix}:Input:{field} is not a field of {workflow.Name}'s input (fields: {string.Join(", ", info.Properties.Select(p => p.Name))}).");
            }

            if (pointers.Count == 0)
            {
                failures.Add($"{prefix}:Input:{field} has no JSON Pointer.");
            }

            foreach (string pointer in pointers.Where(p => !TriggerMapping.IsPointer(p)))
            {
                failures.Add($"{prefix}:Input:{field} '{pointer}' is not a JSON Pointer (RFC 6901, e.g. /issue/body).");
            }
        }

        foreach (JsonPropertyInfo property in info.Properties.Where(p => p.IsRequired || p.AssociatedParameter is { HasDefaultValue: false }))
        {
            if (!input.ContainsKey(property.Name))
            {
                failures.Add($"{prefix}:Input:{property.Name} is required: {workflow.Name}'s input needs it (a JSON Pointer into the event, e.g. /issue/body).");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}\\z")]
    private static partial Regex NamePattern();
}

using System.Text;
using System.Text.Json;
using Json.Pointer;
using Tollgate.Intake;

namespace Tollgate.Triggers;

/// <summary>
/// The one rule that turns a verified event into a run request (<see cref="RunRequest"/>): each input field from its JSON
/// Pointers (one pointer copies its value, any JSON type; several join their string values with a blank line, skipping
/// missing or null ones), and the user from the <see cref="TriggerSettings.User"/> pointer or the fixed
/// <see cref="TriggerSettings.UserId"/>. A field whose pointers find nothing, or a user that is missing or not a valid
/// user id, is a refusal naming the field and the pointer.
/// </summary>
public static class TriggerMapping
{
    /// <summary>What joins the parts of a field mapped from several pointers.</summary>
    public const string Separator = "\n\n";

    /// <summary>Maps <paramref name="payload"/>; the result's input is a new document the caller disposes (through the result).</summary>
    public static TriggerMappingResult Map(TriggerSettings settings, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? user = settings.UserId;
        if (user is null)
        {
            JsonElement? found = Evaluate(settings.User!, payload);
            if (found is not { ValueKind: JsonValueKind.String } value)
            {
                return TriggerMappingResult.Failed("User", settings.User, found is null or { ValueKind: JsonValueKind.Null } ? "finds no user in the event." : "must find a string.");
            }

            user = value.GetString()!;
        }

        if (!UserIds.IsValid(user))
        {
            return TriggerMappingResult.Failed("User", settings.User, $"finds '{Truncate(user)}', which is not a user id: it {UserIds.Rule}.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach ((string field, List<string> pointers) in settings.Input)
            {
                writer.WritePropertyName(field);
                if (pointers.Count == 1)
                {
                    if (Evaluate(pointers[0], payload) is not { ValueKind: not JsonValueKind.Null } value)
                    {
                        return TriggerMappingResult.Failed($"Input:{field}", pointers[0], "finds nothing in the event.");
                    }

                    value.WriteTo(writer);
                    continue;
                }

                var text = new StringBuilder();
                foreach (string jsonPointer in pointers)
                {
                    JsonElement? part = Evaluate(jsonPointer, payload);
                    if (part is null or { ValueKind: JsonValueKind.Null })
                    {
                        continue;
                    }

                    if (part.Value.ValueKind != JsonValueKind.String)
                    {
                        return TriggerMappingResult.Failed($"Input:{field}", jsonPointer, "must find a string: the parts of a field mapped from several pointers are joined as text.");
                    }

                    string value = part.Value.GetString()!;
                    if (value.Length > 0)
                    {
                        text.Append(text.Length > 0 ? Separator : "").Append(value);
                    }
                }

                if (text.Length == 0)
                {
                    return TriggerMappingResult.Failed($"Input:{field}", string.Join(", ", pointers), "finds no text in the event.");
                }

                writer.WriteStringValue(text.ToString());
            }

            writer.WriteEndObject();
        }

        var document = JsonDocument.Parse(buffer.ToArray());
        return TriggerMappingResult.Mapped(new RunRequest(user, document.RootElement), document);
    }

    /// <summary>Whether <paramref name="jsonPointer"/> is an RFC 6901 JSON Pointer into a document (not its URI-fragment form, not the whole document).</summary>
    public static bool IsPointer(string? jsonPointer) =>
        jsonPointer is { Length: > 1 } && jsonPointer[0] == '/' && JsonPointer.TryParse(jsonPointer, out _);

    private static JsonElement? Evaluate(string jsonPointer, JsonElement payload) => JsonPointer.Parse(jsonPointer).Evaluate(payload);

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Workflows;

namespace Tollgate.Jobs;

/// <summary>
/// Reads an items body for a job's workflow. JSON lines: one object per non-blank line, the workflow's input plus an
/// optional <c>id</c>. CSV (RFC 4180: commas, double-quoted fields with <c>""</c> for a quote, line breaks inside quotes):
/// a header row naming the input's fields (and optionally <c>id</c>), then one row per item; cells are strings and an
/// empty cell is an absent field. Each row is validated as a run request's input is (<see cref="WorkflowInput"/>); a
/// row without an id gets one derived from its normalized input, so posting the same row again adds nothing.
/// </summary>
public static partial class JobItemsReader
{
    /// <summary>The largest input an item may have, in characters of JSON (a Table Storage string holds 32K).</summary>
    public const int MaxInputChars = 16 * 1024;

    public const string IdField = "id";

    public const string IdRule = "must be 1-128 characters of letters, digits and . _ @ + -";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static JobItemsRead Read(WorkflowDefinition definition, JobItemsFormat format, string body)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(body);
        var rows = new List<(int Line, JsonObject? Input, string? Id, JobItemError? Error)>();
        string? problem = format == JobItemsFormat.Csv ? ReadCsv(body, rows) : ReadJsonLines(body, rows);
        if (problem is not null)
        {
            return new JobItemsRead([], [], 0, problem);
        }

        if (rows.Count == 0)
        {
            return new JobItemsRead([], [], 0, "The body holds no items.");
        }

        var items = new List<JobItem>();
        var errors = new List<JobItemError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int repeats = 0;
        foreach ((int line, JsonObject? input, string? givenId, JobItemError? error) in rows)
        {
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            WorkflowInputResult read;
            try
            {
                read = definition.ReadInput(JsonSerializer.SerializeToElement(input, WorkflowJson.Options));
            }
            catch (Exception ex) when (ex is InvalidOperationException or JsonException)
            {
                // An escaped lone surrogate ("\ud800") parses, but cannot be written back out as a string.
                errors.Add(new JobItemError(line, "$", "holds a string that is not valid Unicode."));
                continue;
            }

            if (read.Field is not null)
            {
                errors.Add(new JobItemError(line, read.Field, read.Problem!));
                continue;
            }

            string normalized = JsonSerializer.Serialize(read.Input, definition.InputType, WorkflowJson.Options);
            if (normalized.Length > MaxInputChars)
            {
                errors.Add(new JobItemError(line, "input", $"is {normalized.Length} characters of JSON; an item's input may have at most {MaxInputChars}."));
                continue;
            }

            string id = givenId ?? "h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)).AsSpan(0, 16));
            if (!seen.Add(id))
            {
                repeats++;
                continue;
            }

            items.Add(new JobItem(id, normalized));
        }

        return new JobItemsRead(items, errors, repeats);
    }

    private static string? ReadJsonLines(string body, List<(int, JsonObject?, string?, JobItemError?)> rows)
    {
        string[] lines = body.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int line = i + 1;
            string text = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            rows.Add(ReadJsonLine(line, text));
        }

        return null;
    }

    /// <summary>
    /// One JSON line as an item, or its error. Parsing and the first look at the object share one try: JsonNode defers
    /// some checks to first access (a repeated property throws ArgumentException, an escaped lone surrogate
    /// InvalidOperationException), and any of them is this line's error, never the whole request's.
    /// </summary>
    private static (int, JsonObject?, string?, JobItemError?) ReadJsonLine(int line, string text)
    {
        try
        {
            if (JsonNode.Parse(text, documentOptions: DocumentOptions) is not JsonObject item)
            {
                return (line, null, null, new JobItemError(line, "$", "must be a JSON object: the workflow's input, with an optional 'id'."));
            }

            string? id = null;
            if (item.TryGetPropertyValue(IdField, out JsonNode? idNode))
            {
                item.Remove(IdField);
                if (idNode is not JsonValue value || !value.TryGetValue(out id) || !IdPattern().IsMatch(id))
                {
                    return (line, null, null, new JobItemError(line, IdField, IdRule));
                }
            }

            // Touch every property now, inside the try, so a repeated name fails here.
            _ = item.Count;
            return (line, item, id, null);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return (line, null, null, new JobItemError(line, "$", $"is not valid JSON: {ex.Message}"));
        }
    }

    private static string? ReadCsv(string body, List<(int, JsonObject?, string?, JobItemError?)> rows)
    {
        var records = new List<(int Line, List<string> Fields, string? Error)>();
        string? problem = ParseCsv(body, records);
        if (problem is not null)
        {
            return problem;
        }

        if (records.Count == 0 || records[0].Error is not null || records[0].Fields.All(string.IsNullOrWhiteSpace))
        {
            return "The CSV body has no header row naming the input's fields (line 1).";
        }

        List<string> header = records[0].Fields;
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return $"The CSV header (line 1) names the column '{duplicate.Key}' twice.";
        }

        foreach ((int line, List<string> fields, string? error) in records.Skip(1))
        {
            if (error is not null)
            {
                rows.Add((line, null, null, new JobItemError(line, "$", error)));
                continue;
            }

            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // a blank line
            }

            if (fields.Count != header.Count)
            {
                rows.Add((line, null, null, new JobItemError(line, "$", $"has {fields.Count} fields; the header has {header.Count}.")));
                continue;
            }

            var item = new JsonObject();
            string? id = null;
            for (int c = 0; c < header.Count; c++)
            {
                if (header[c] == IdField)
                {
                    id = fields[c].Length == 0 ? null : fields[c];
                }
                else if (fields[c].Length > 0)
                {
                    item[header[c]] = fields[c];
                }
            }

            if (id is not null && !IdPattern().IsMatch(id))
            {
                rows.Add((line, null, null, new JobItemError(line, IdField, IdRule)));
                continue;
            }

            rows.Add((line, item, id, null));
        }

        return null;
    }

    /// <summary>
    /// RFC 4180 records with the line each starts on. A quote inside an unquoted field, or text after a closing quote,
    /// spoils its record only; a quoted field still open at the end spoils the rest of the body, which is a whole-body problem.
    /// </summary>
    private static string? ParseCsv(string body, List<(int Line, List<string> Fields, string? Error)> records)
    {
        int line = 1;
        int i = 0;
        while (i < body.Length)
        {
            int start = line;
            var fields = new List<string>();
            string? error = null;
            var field = new StringBuilder();
            bool endOfRecord = false;
            while (!endOfRecord)
            {
                if (i < body.Length && body[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= body.Length)
                        {
                            return $"The CSV body has a quoted field opened on line {start} that is never closed.";
                        }

                        char c = body[i++];
                        if (c == '"')
                        {
                            if (i < body.Length && body[i] == '"')
                            {
                                field.Append('"');
                                i++;
                                continue;
                            }

                            break;
                        }

                        if (c == '\n')
                        {
                            line++;
                        }

                        field.Append(c);
                    }
                }

                // Unquoted text (or what follows a closing quote) up to the next separator.
                bool quoted = field.Length > 0 || (i > 0 && body[i - 1] == '"');
                while (i < body.Length && body[i] is not (',' or '\n' or '\r'))
                {
                    if (quoted || body[i] == '"')
                    {
                        error ??= quoted ? "has text after a closing quote." : "has a quote inside an unquoted field (quote the whole field and double the quote).";
                    }

                    field.Append(body[i++]);
                }

                fields.Add(field.ToString());
                field.Clear();
                if (i >= body.Length)
                {
                    endOfRecord = true;
                }
                else if (body[i] == ',')
                {
                    i++;
                }
                else
                {
                    i += body[i] == '\r' && i + 1 < body.Length && body[i + 1] == '\n' ? 2 : 1;
                    line++;
                    endOfRecord = true;
                }
            }

            records.Add((start, fields, error));
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._@+-]{1,128}\\z")]
    private static partial Regex IdPattern();
}

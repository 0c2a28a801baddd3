using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Infrastructure.Tests.Support;

/// <summary>
/// Evaluates the few ARM template expressions main.bicep uses in app settings, as a deployment with the
/// parameters' defaults would: <c>parameters('p').field</c>, <c>variables('v')</c>, <c>string(x)</c>,
/// <c>format('...', x, ...)</c>, and <c>reference('module').outputs.name.value</c>, which takes its value from
/// <paramref name="moduleOutputs"/> ("module.name"). Any other function fails, naming itself, so a new kind
/// of expression is noticed rather than passed through as text.
/// </summary>
internal sealed class ArmExpression(JsonObject template, IReadOnlyDictionary<string, string> moduleOutputs)
{
    /// <summary>An app setting value: a literal, or an expression in brackets ("[...]"; "[[" escapes a literal bracket).</summary>
    public string Evaluate(string value)
    {
        if (!value.StartsWith('[') || value.StartsWith("[[", StringComparison.Ordinal))
        {
            return value.StartsWith("[[", StringComparison.Ordinal) ? value[1..] : value;
        }

        var parser = new Parser(value[1..^1], this);
        JsonNode? result = parser.ParseExpression();
        parser.ExpectEnd();
        return result switch
        {
            JsonValue text when text.TryGetValue(out string? s) => s,
            null => "",
            _ => result.ToJsonString(),
        };
    }

    private JsonNode? Call(string function, List<JsonNode?> arguments) => function switch
    {
        "parameters" => Parameter(Text(arguments, 0)),
        "variables" => template.At($"variables.{Text(arguments, 0)}")?.DeepClone()
            ?? throw new InvalidOperationException($"variables('{Text(arguments, 0)}') is not a literal in the template."),
        "string" => JsonValue.Create(arguments.Single() switch
        {
            JsonValue value when value.TryGetValue(out string? s) => s,
            JsonNode node => node.ToJsonString(),
            null => "",
        }),
        "format" => JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Text(arguments, 0),
            arguments.Skip(1).Select(argument => (object?)(argument is JsonValue v && v.TryGetValue(out string? s) ? s : argument?.ToJsonString())).ToArray())),
        "reference" => Reference(Text(arguments, 0)),
        _ => throw new NotSupportedException($"ArmExpression cannot evaluate {function}(); extend Support/ArmExpression.cs."),
    };

    private JsonNode? Parameter(string name) =>
        template.At($"parameters.{name}") is JsonObject parameter
            ? parameter["defaultValue"]?.DeepClone() ?? throw new InvalidOperationException($"Parameter {name} has no default value to evaluate with.")
            : throw new InvalidOperationException($"The template declares no parameter {name}.");

    private JsonObject Reference(string module)
    {
        var outputs = new JsonObject();
        foreach ((string key, string value) in moduleOutputs.Where(pair => pair.Key.StartsWith(module + ".", StringComparison.Ordinal)))
        {
            outputs[key[(module.Length + 1)..]] = new JsonObject { ["value"] = value };
        }

        return new JsonObject { ["outputs"] = outputs };
    }

    private static string Text(List<JsonNode?> arguments, int index) =>
        arguments[index] is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw new InvalidOperationException($"Argument {index} is not a string.");

    private sealed class Parser(string text, ArmExpression owner)
    {
        private int _position;

        public JsonNode? ParseExpression()
        {
            SkipSpaces();
            JsonNode? value = Peek() switch
            {
                '\'' => JsonValue.Create(ParseString()),
                char c when char.IsAsciiDigit(c) || c == '-' => JsonValue.Create(ParseInteger()),
                _ => ParseCall(),
            };

            // Property access: .name (a missing property is an error, not null).
            while (Peek() == '.')
            {
                _position++;
                string property = ParseIdentifier();
                value = value is JsonObject obj && obj.TryGetPropertyValue(property, out JsonNode? child)
                    ? child
                    : throw new InvalidOperationException($"No property '{property}' in {value?.ToJsonString() ?? "null"} (evaluating [{text}]). A module output without a sample value?");
            }

            SkipSpaces();
            return value;
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (_position != text.Length)
            {
                throw new FormatException($"Unexpected '{text[_position..]}' in [{text}].");
            }
        }

        private JsonNode? ParseCall()
        {
            string function = ParseIdentifier();
            Expect('(');
            var arguments = new List<JsonNode?>();
            SkipSpaces();
            while (Peek() != ')')
            {
                arguments.Add(ParseExpression());
                SkipSpaces();
                if (Peek() == ',')
                {
                    _position++;
                }
            }

            Expect(')');
            return owner.Call(function, arguments);
        }

        private string ParseString()
        {
            Expect('\'');
            var value = new StringBuilder();
            while (true)
            {
                char c = _position < text.Length ? text[_position++] : throw new FormatException($"Unterminated string in [{text}].");
                if (c == '\'')
                {
                    if (Peek() != '\'')
                    {
                        return value.ToString();
                    }

                    _position++; // '' is a literal quote
                }

                value.Append(c);
            }
        }

        private long ParseInteger()
        {
            int start = _position;
            _position++;
            while (char.IsAsciiDigit(Peek()))
            {
                _position++;
            }

            return long.Parse(text[start.._position], CultureInfo.InvariantCulture);
        }

        private string ParseIdentifier()
        {
            int start = _position;
            while (char.IsAsciiLetterOrDigit(Peek()) || Peek() is '_' or '$' or '#')
            {
                _position++;
            }

            return _position > start ? text[start.._position] : throw new FormatException($"Expected a name at {_position} in [{text}].");
        }

        private void Expect(char expected)
        {
            SkipSpaces();
            if (Peek() != expected)
            {
                throw new FormatException($"Expected '{expected}' at {_position} in [{text}].");
            }

            _position++;
        }

        private void SkipSpaces()
        {
            while (Peek() == ' ')
            {
                _position++;
            }
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';
    }
}

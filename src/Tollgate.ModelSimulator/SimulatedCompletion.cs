using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.ModelSimulator;

/// <summary>
/// A deterministic answer: the same messages, seed and response format always give the same content and id.
/// Either <see cref="Content"/> or (for <see cref="SimulatedFault.Refusal"/>) <see cref="Refusal"/> is set.
/// </summary>
internal sealed record SimulatedCompletion(string Id, string? Content, string? Refusal, int CompletionTokens, string FinishReason)
{
    public const string Stop = "stop";
    public const string Length = "length";

    public const string RefusalText = "I'm sorry, but I can't help with that request. (simulated refusal)";

    /// <summary>Words of the last user message quoted in the answer; with the frame this keeps answers under ~60 tokens.</summary>
    private const int MaxQuotedWords = 32;

    private static readonly string[] Openers = ["Summary", "In short", "Key points", "Overview", "Gist"];

    private static readonly char[] Whitespace = [' ', '\t', '\r', '\n', '\f', '\v', '\u00A0'];

    /// <summary>
    /// The answer to <paramref name="messages"/>: natural text, or JSON when <paramref name="responseFormat"/> asks for it.
    /// <paramref name="fault"/> <see cref="SimulatedFault.InvalidJson"/> truncates the JSON (never valid JSON then);
    /// <see cref="SimulatedFault.Refusal"/> answers with a refusal and no content. Usage counts the text returned.
    /// </summary>
    public static SimulatedCompletion Create(
        string deployment,
        IReadOnlyList<(string Role, string Content)> messages,
        long? seed,
        int? maxOutputTokens,
        ResponseFormat? responseFormat = null,
        SimulatedFault fault = SimulatedFault.None)
    {
        var inputHash = HashInput(messages, seed);
        var variant = responseFormat is null ? string.Empty : responseFormat.Type + responseFormat.Schema.ToString();
        if (fault is SimulatedFault.InvalidJson or SimulatedFault.Refusal)
        {
            variant += fault.ToString();
        }

        var id = ResponseId(inputHash, deployment, maxOutputTokens, variant);
        if (fault == SimulatedFault.Refusal)
        {
            return new SimulatedCompletion(id, Content: null, RefusalText, ChatTokenFormula.CountTokens(RefusalText), Stop);
        }

        var natural = responseFormat is null && fault != SimulatedFault.InvalidJson
            ? NaturalAnswer(messages, inputHash)
            : JsonAnswer(messages, inputHash, responseFormat);
        if (fault == SimulatedFault.InvalidJson)
        {
            // A JSON object's proper prefix is never valid JSON: the closing brace is missing.
            natural = natural[..Math.Max(1, natural.Length * 2 / 3)];
        }

        var content = natural;
        var tokens = ChatTokenFormula.CountTokens(natural);
        var finishReason = Stop;
        if (maxOutputTokens is { } cap && tokens > cap)
        {
            content = TruncateToTokens(natural, cap);
            tokens = ChatTokenFormula.CountTokens(content);
            finishReason = Length;
        }

        return new SimulatedCompletion(id, content, Refusal: null, tokens, finishReason);
    }

    /// <summary>
    /// JSON for a <c>json_schema</c> format (an instance built from the schema, string values from the last user
    /// message's words), otherwise <c>{"answer": natural answer}</c> (<c>json_object</c>, or the base of an invalid answer).
    /// </summary>
    private static string JsonAnswer(IReadOnlyList<(string Role, string Content)> messages, byte[] inputHash, ResponseFormat? responseFormat)
    {
        if (responseFormat?.Type != ResponseFormat.JsonSchema)
        {
            return new JsonObject { ["answer"] = NaturalAnswer(messages, inputHash) }.ToJsonString();
        }

        var words = LastUserContent(messages)
            .Split(Whitespace, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => new string(word.Where(char.IsAsciiLetterOrDigit).ToArray()))
            .Where(word => word.Length > 0)
            .ToArray();

        // The seed's choices (more array items) can exceed the size limit where seed 0's did not; the words never
        // matter, and the request was only accepted because seed 0 built an instance, so the fallback always does.
        return JsonSchemaAnswer.Generate(responseFormat.Schema, words, BinaryPrimitives.ReadUInt64LittleEndian(inputHash))
            ?? JsonSchemaAnswer.Generate(responseFormat.Schema, words, seed: 0)
            ?? throw new InvalidOperationException("The checked schema has no instance.");
    }

    private static string LastUserContent(IReadOnlyList<(string Role, string Content)> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == "user")
            {
                return messages[i].Content;
            }
        }

        return messages[^1].Content;
    }

    /// <summary>SHA-256 over the roles, contents and seed (stable across processes, unlike string hash codes).</summary>
    private static byte[] HashInput(IReadOnlyList<(string Role, string Content)> messages, long? seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (role, content) in messages)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(role));
            hash.AppendData([0x1F]);
            hash.AppendData(Encoding.UTF8.GetBytes(content));
            hash.AppendData([0x1E]);
        }

        Span<byte> seedBytes = stackalloc byte[9];
        seedBytes[0] = seed.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(seedBytes[1..], seed.GetValueOrDefault());
        hash.AppendData(seedBytes);
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// "{opener} [{ref}]: {first words of the last user message}. Reviewed {n} messages, {w} words."
    /// The opener and reference come from the input hash, so a different seed or earlier message changes the text.
    /// </summary>
    private static string NaturalAnswer(IReadOnlyList<(string Role, string Content)> messages, byte[] inputHash)
    {
        var words = LastUserContent(messages).Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
        var quoted = words.Length == 0 ? "(no text)" : string.Join(' ', words.Take(MaxQuotedWords));
        if (words.Length > MaxQuotedWords)
        {
            quoted += " …";
        }
        else if (!char.IsPunctuation(quoted[^1]))
        {
            quoted += ".";
        }

        var opener = Openers[inputHash[0] % Openers.Length];
        var reference = Convert.ToHexStringLower(inputHash, 1, 3);
        var totalWords = messages.Sum(m => m.Content.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries).Length);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{opener} [{reference}]: {quoted} Reviewed {messages.Count} message{(messages.Count == 1 ? "" : "s")}, {totalWords} word{(totalWords == 1 ? "" : "s")}.");
    }

    /// <summary>The longest prefix of <paramref name="text"/> with at most <paramref name="maxTokens"/> o200k_base tokens.</summary>
    private static string TruncateToTokens(string text, int maxTokens)
    {
        var tokenizer = ChatTokenFormula.Tokenizer;
        for (var budget = maxTokens; budget > 0; budget--)
        {
            var index = tokenizer.GetIndexByTokenCount(text, budget, out _, out _);
            if (index > 0 && char.IsHighSurrogate(text[index - 1]))
            {
                index--;
            }

            var prefix = text[..index];

            // Re-encoding a prefix can merge differently at its end; only accept it when the count really fits.
            if (ChatTokenFormula.CountTokens(prefix) <= maxTokens)
            {
                return prefix;
            }
        }

        return string.Empty;
    }

    private static string ResponseId(byte[] inputHash, string deployment, int? maxOutputTokens, string variant)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(inputHash);
        hash.AppendData(Encoding.UTF8.GetBytes(deployment.ToUpperInvariant()));
        Span<byte> cap = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(cap, maxOutputTokens ?? -1);
        hash.AppendData(cap);

        // Empty for plain text answers, so their ids are unchanged by JSON mode.
        hash.AppendData(Encoding.UTF8.GetBytes(variant));
        return "chatcmpl-" + Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 12);
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.ModelSimulator;

/// <summary>A deterministic answer: the same messages and seed always give the same content and id.</summary>
internal sealed record SimulatedCompletion(string Id, string Content, int CompletionTokens, string FinishReason)
{
    public const string Stop = "stop";
    public const string Length = "length";

    /// <summary>Words of the last user message quoted in the answer; with the frame this keeps answers under ~60 tokens.</summary>
    private const int MaxQuotedWords = 32;

    private static readonly string[] Openers = ["Summary", "In short", "Key points", "Overview", "Gist"];

    private static readonly char[] Whitespace = [' ', '\t', '\r', '\n', '\f', '\v', '\u00A0'];

    public static SimulatedCompletion Create(string deployment, IReadOnlyList<(string Role, string Content)> messages, long? seed, int? maxOutputTokens)
    {
        var inputHash = HashInput(messages, seed);
        var natural = NaturalAnswer(messages, inputHash);
        var content = natural;
        var tokens = ChatTokenFormula.CountTokens(natural);
        var finishReason = Stop;
        if (maxOutputTokens is { } cap && tokens > cap)
        {
            content = TruncateToTokens(natural, cap);
            tokens = ChatTokenFormula.CountTokens(content);
            finishReason = Length;
        }

        return new SimulatedCompletion(ResponseId(inputHash, deployment, maxOutputTokens), content, tokens, finishReason);
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
        var source = messages[^1].Content;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == "user")
            {
                source = messages[i].Content;
                break;
            }
        }

        var words = source.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
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

    private static string ResponseId(byte[] inputHash, string deployment, int? maxOutputTokens)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(inputHash);
        hash.AppendData(Encoding.UTF8.GetBytes(deployment.ToUpperInvariant()));
        Span<byte> cap = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(cap, maxOutputTokens ?? -1);
        hash.AppendData(cap);
        return "chatcmpl-" + Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 12);
    }
}

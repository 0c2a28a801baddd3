using Microsoft.ML.Tokenizers;

namespace Tollgate.Models;

/// <summary>
/// Counts input tokens before a request is sent, with the o200k_base encoding of the GPT-4o family.
/// Chat overhead follows OpenAI's published formula for that family: per message, the role's tokens,
/// the content's tokens and 3 more; then 3 to prime the reply.
/// </summary>
public sealed class TokenCounter
{
    private const int TokensPerMessage = 3;
    private const int ReplyPrimingTokens = 3;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");

    public int Count(string text) => _tokenizer.CountTokens(text);

    /// <summary>
    /// The length, in characters, of the longest start of <paramref name="text"/> that is at most
    /// <paramref name="maxTokens"/> tokens; never ends inside a token or between the halves of a surrogate pair.
    /// </summary>
    public int HeadLength(ReadOnlySpan<char> text, int maxTokens)
    {
        if (maxTokens <= 0 || text.IsEmpty)
        {
            return 0;
        }

        int index = _tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _);
        return index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;
    }

    /// <summary>
    /// Where the longest end of <paramref name="text"/> that is at most <paramref name="maxTokens"/> tokens starts
    /// (<c>text.Length</c> for none); never inside a token or between the halves of a surrogate pair. Only the end is
    /// tokenized: a stretch long enough for the tokens (8 characters each, doubled until the answer lies inside it).
    /// </summary>
    public int TailStart(ReadOnlySpan<char> text, int maxTokens)
    {
        if (maxTokens <= 0 || text.IsEmpty)
        {
            return text.Length;
        }

        for (long span = Math.Max(256L, maxTokens * 8L); ; span *= 2)
        {
            int from = span >= text.Length ? 0 : text.Length - (int)span;
            if (from > 0 && char.IsLowSurrogate(text[from]))
            {
                from--;
            }

            int index = from + _tokenizer.GetIndexByTokenCountFromEnd(text[from..], maxTokens, out _, out _);
            if (from == 0 || index > from)
            {
                return index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index + 1 : index;
            }
        }
    }

    public int CountChat(IEnumerable<(string Role, string Content)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        int total = ReplyPrimingTokens;
        foreach ((string role, string content) in messages)
        {
            total += _tokenizer.CountTokens(role) + _tokenizer.CountTokens(content) + TokensPerMessage;
        }

        return total;
    }
}

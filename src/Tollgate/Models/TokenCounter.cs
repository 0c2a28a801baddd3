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

using Microsoft.ML.Tokenizers;

namespace Tollgate.ModelSimulator;

/// <summary>
/// The token arithmetic the simulator reports in <c>usage</c>, shared with Tollgate's gateway estimate.
/// </summary>
/// <remarks>
/// Text is tokenised with o200k_base (<c>TiktokenTokenizer.CreateForModel("gpt-4o")</c>).
/// Prompt tokens = Σ over messages (tokens(role) + tokens(content) + <see cref="TokensPerMessage"/>) + <see cref="ReplyPrimingTokens"/>:
/// the OpenAI cookbook's formula for the gpt-4o family (3 per message, 3 to prime the reply), so the simulator
/// reports what the real service reports for plain text messages.
/// </remarks>
public static class ChatTokenFormula
{
    /// <summary>Overhead tokens per message.</summary>
    public const int TokensPerMessage = 3;

    /// <summary>Tokens that prime the assistant's reply (<c>&lt;|start|&gt;assistant&lt;|message|&gt;</c>).</summary>
    public const int ReplyPrimingTokens = 3;

    private static readonly Lazy<TiktokenTokenizer> SharedTokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    /// <summary>The shared o200k_base tokenizer (created once, thread-safe).</summary>
    public static Tokenizer Tokenizer => SharedTokenizer.Value;

    /// <summary>o200k_base token count of <paramref name="text"/> (0 for null or empty).</summary>
    public static int CountTokens(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.CountTokens(text);

    /// <summary>Prompt tokens of a chat: Σ (tokens(role) + tokens(content) + 3) + 3.</summary>
    public static int CountPromptTokens(IEnumerable<(string Role, string Content)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var total = ReplyPrimingTokens;
        foreach (var (role, content) in messages)
        {
            total += CountTokens(role) + CountTokens(content) + TokensPerMessage;
        }

        return total;
    }
}

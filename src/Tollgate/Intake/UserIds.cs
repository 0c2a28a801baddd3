using System.Text.RegularExpressions;

namespace Tollgate.Intake;

/// <summary>
/// Who a run is for. A user id is a Table Storage partition key (budgets), so it is limited to
/// characters keys allow and that read well in logs.
/// </summary>
public static partial class UserIds
{
    public const string Rule = "must be 1-128 characters of letters, digits and . _ @ + -";

    public static bool IsValid(string? userId) => userId is not null && Pattern().IsMatch(userId);

    [GeneratedRegex("^[A-Za-z0-9._@+-]{1,128}\\z")]
    private static partial Regex Pattern();
}

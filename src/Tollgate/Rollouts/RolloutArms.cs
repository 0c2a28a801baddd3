namespace Tollgate.Rollouts;

/// <summary>
/// The two arms of a rollout and how an attempt records the one it belongs to: <c>"{rollout}:{arm}"</c>
/// (<c>AttemptRecord.RolloutArm</c>), e.g. <c>classify-mini:candidate</c>.
/// </summary>
public static class RolloutArms
{
    /// <summary>The users who stay on the rollout's current deployment.</summary>
    public const string Current = "current";

    /// <summary>The users moved to the rollout's candidate deployment.</summary>
    public const string Candidate = "candidate";

    /// <summary>Both arms, in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> All = [Current, Candidate];

    /// <summary>What an attempt records: the rollout's name and the arm.</summary>
    public static string Label(string rollout, string arm) => $"{rollout}:{arm}";

    /// <summary>Reads a recorded label back into the rollout's name and the arm; false for anything else.</summary>
    public static bool TryParse(string? label, out string rollout, out string arm)
    {
        int separator = label?.LastIndexOf(':') ?? -1;
        if (label is null || separator <= 0 || !All.Contains(label[(separator + 1)..]))
        {
            (rollout, arm) = ("", "");
            return false;
        }

        (rollout, arm) = (label[..separator], label[(separator + 1)..]);
        return true;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Rollouts;

namespace Tollgate.Tests.Rollouts;

/// <summary>
/// Bucketing users into a rollout's arms with Microsoft.FeatureManagement's percentile allocation: the share, the
/// stickiness on repeat and as the percentage grows, the kill switch and the promotion, and a changed percentage taking
/// effect on a configuration reload. No HTTP, no storage.
/// </summary>
public sealed class RolloutAssignmentTests
{
    [Fact]
    public async Task ATwentyPercentRolloutPutsTwentyPercentOfAThousandUsersOnTheCandidate()
    {
        using var harness = new RolloutHarness("20");

        HashSet<string> candidates = await harness.CandidatesAsync();

        Assert.InRange(candidates.Count, 170, 230); // 20% ± 3% of 1,000
    }

    [Fact]
    public async Task TheSameUsersAreOnTheCandidateOnEveryRepeatAndInEveryProcess()
    {
        using var harness = new RolloutHarness("20");
        using var anotherHost = new RolloutHarness("20");

        HashSet<string> first = await harness.CandidatesAsync();
        HashSet<string> again = await harness.CandidatesAsync();
        HashSet<string> elsewhere = await anotherHost.CandidatesAsync();

        Assert.NotEmpty(first);
        Assert.True(first.SetEquals(again));
        Assert.True(first.SetEquals(elsewhere));
    }

    [Fact]
    public async Task AGrowingPercentageKeepsEveryCandidateAndTakesEffectOnAReloadWithoutARedeploy()
    {
        using var harness = new RolloutHarness("20");
        HashSet<string> at20 = await harness.CandidatesAsync();

        harness.Set(RolloutHarness.Prefix + "Percentage", "50");
        HashSet<string> at50 = await harness.CandidatesAsync();
        harness.Set(RolloutHarness.Prefix + "Percentage", "80");
        HashSet<string> at80 = await harness.CandidatesAsync();

        Assert.InRange(at50.Count, 470, 530);
        Assert.InRange(at80.Count, 770, 830);
        Assert.True(at20.IsSubsetOf(at50), $"{at20.Except(at50).Count()} candidates at 20% left the candidate at 50%.");
        Assert.True(at50.IsSubsetOf(at80), $"{at50.Except(at80).Count()} candidates at 50% left the candidate at 80%.");
    }

    [Fact]
    public async Task ZeroPercentIsTheKillSwitchAndAHundredThePromotion()
    {
        using var harness = new RolloutHarness("35");
        Assert.NotEmpty(await harness.CandidatesAsync());

        harness.Set(RolloutHarness.Prefix + "Percentage", "0");
        Assert.Empty(await harness.CandidatesAsync());

        harness.Set(RolloutHarness.Prefix + "Percentage", "100");
        Assert.Equal(RolloutHarness.Users.Length, (await harness.CandidatesAsync()).Count);
    }

    /// <summary>
    /// Why the assignment is sticky: FeatureManagement places each user at a fixed point in [0, 100] —
    /// SHA-256("{userId}\n{salt}"), first four bytes little-endian, over uint.MaxValue — and a percentile range
    /// [0, p) holds exactly the users below p. The arm is a threshold on a number that depends on the user and the
    /// salt only, so raising p can only add candidates. This checks FeatureManagement's answer against that formula.
    /// </summary>
    [Theory]
    [InlineData(20.0)]
    [InlineData(50.0)]
    [InlineData(0.5)]
    public async Task TheArmIsAThresholdOnTheUsersSaltedPercentile(double percentage)
    {
        using var harness = new RolloutHarness(percentage.ToString(CultureInfo.InvariantCulture));

        foreach (string user in RolloutHarness.Users)
        {
            string expected = Percentile(user, RolloutHarness.Salt) < percentage ? RolloutArms.Candidate : RolloutArms.Current;
            Assert.Equal(expected, await harness.Assigner.ArmOfAsync(RolloutHarness.Rollout, user, CancellationToken.None));
        }
    }

    [Fact]
    public async Task ANewSaltReshufflesTheUsers()
    {
        using var harness = new RolloutHarness("20");
        HashSet<string> before = await harness.CandidatesAsync();

        harness.Set(RolloutHarness.Prefix + "Salt", "classify-mini-second-try");
        HashSet<string> after = await harness.CandidatesAsync();

        Assert.InRange(after.Count, 170, 230);
        Assert.True(before.Intersect(after).Count() < before.Count / 2, "Independent salts overlap on about a fifth of the candidates.");
    }

    [Fact]
    public async Task AnInvalidReloadKeepsTheLastValidRolloutInForce()
    {
        using var harness = new RolloutHarness("20");
        HashSet<string> at20 = await harness.CandidatesAsync();

        // IOptionsMonitor validates on reload and the synchronous Reload() sees the failure (a file watcher's reload
        // runs on a task, where it goes unobserved); model calls go on with the last valid rollouts either way.
        Exception? reload = Record.Exception(() => harness.Set(RolloutHarness.Prefix + "Percentage", "120"));
        HashSet<string> after = await harness.CandidatesAsync();

        Assert.True(at20.SetEquals(after), $"An invalid percentage must not change the arms (the reload said: {reload?.Message ?? "nothing"}).");
        Assert.Equal(20, Assert.Single(harness.Catalog.All).Percentage);

        harness.Set(RolloutHarness.Prefix + "Percentage", "0");
        Assert.Empty(await harness.CandidatesAsync());
    }

    /// <summary>Where FeatureManagement's percentile allocation places a user (TargetingEvaluator), computed independently.</summary>
    internal static double Percentile(string userId, string salt)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{salt}"));
        uint marker = BitConverter.IsLittleEndian ? BitConverter.ToUInt32(hash, 0) : BitConverter.ToUInt32([.. hash[..4].Reverse()], 0);
        return marker / (double)uint.MaxValue * 100;
    }
}

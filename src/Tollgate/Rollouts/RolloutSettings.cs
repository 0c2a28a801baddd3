namespace Tollgate.Rollouts;

/// <summary>
/// One rollout, <c>Tollgate:Rollouts:{name}</c>: the workflow step it governs, the deployment the step calls today
/// (<see cref="Current"/>, which must be the catalog's default deployment: the one the step's first attempt goes to
/// without a rollout), the <see cref="Candidate"/> it tries instead, and the share of users, 0 to 100, who get the
/// candidate. Users are bucketed by a hash of <see cref="Salt"/> and their user id, so a user keeps an arm while the
/// percentage grows. 0 is the kill switch (everyone on <see cref="Current"/>), 100 the promotion.
/// </summary>
public sealed class RolloutSettings
{
    /// <summary>The workflow's name in the catalog (<c>classify</c>).</summary>
    public string? Workflow { get; set; }

    /// <summary>The step of <see cref="Workflow"/> whose calls the rollout routes (<c>classify</c>).</summary>
    public string? Step { get; set; }

    /// <summary>The catalog deployment the step calls today (the catalog's default deployment).</summary>
    public string? Current { get; set; }

    /// <summary>The catalog deployment a share of users is moved to.</summary>
    public string? Candidate { get; set; }

    /// <summary>The share of users on <see cref="Candidate"/>, 0 to 100 (fractions allowed). Required.</summary>
    public double? Percentage { get; set; }

    /// <summary>Hashed with each user id to bucket the user. Keep it while the rollout lives; a new salt reshuffles users.</summary>
    public string? Salt { get; set; }
}

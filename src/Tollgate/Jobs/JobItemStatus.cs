namespace Tollgate.Jobs;

/// <summary>Where an item is: waiting, taken by an occurrence, or finished one way or the other.</summary>
public enum JobItemStatus
{
    Pending,
    Claimed,
    Succeeded,
    Failed,
}

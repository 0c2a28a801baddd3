namespace Tollgate.Workflows.EnrichLead;

/// <summary>Where a lead is based.</summary>
public enum Region
{
    Unknown,
    NorthAmerica,
    LatinAmerica,
    Europe,
    MiddleEastAndAfrica,
    AsiaPacific,
}

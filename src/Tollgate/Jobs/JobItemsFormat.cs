namespace Tollgate.Jobs;

/// <summary>How an items body is written: one JSON object per line, or CSV with a header row.</summary>
public enum JobItemsFormat
{
    JsonLines,
    Csv,
}

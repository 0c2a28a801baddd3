namespace Tollgate.Trimming;

/// <summary>Which part of a trimmable variable is kept when it must shrink to fit a context window.</summary>
public enum TrimStrategy
{
    /// <summary>The beginning; the end is cut.</summary>
    KeepHead,

    /// <summary>The end; the beginning is cut.</summary>
    KeepTail,

    /// <summary>The beginning and the end around an elision marker; the middle is cut.</summary>
    HeadAndTail,
}

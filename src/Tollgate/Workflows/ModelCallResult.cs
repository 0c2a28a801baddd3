using Tollgate.Models;

namespace Tollgate.Workflows;

/// <summary>A model call's answer, and what all its attempts cost together (failed and repair attempts included).</summary>
public sealed record ModelCallResult(ModelAttemptResult Answer, decimal Spent);

using Tollgate.Tests.Support;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// docs/authoring.md shows the <c>classify</c> workflow and its prompt as the worked example a newcomer copies from:
/// the copies in the guide must be the files as they are.
/// </summary>
public sealed class AuthoringGuideTests
{
    private static readonly string Guide = File.ReadAllText(RepositoryFiles.PathOf("docs/authoring.md")).ReplaceLineEndings("\n");

    [Fact]
    public void TheWorkedExampleIsTheClassifyWorkflowFile()
    {
        string file = File.ReadAllText(RepositoryFiles.PathOf("src/Tollgate/Workflows/Classify/ClassifyWorkflow.cs")).ReplaceLineEndings("\n");

        Assert.Equal(file.TrimEnd('\n'), CodeBlockBetween("<!-- classify-workflow:begin -->", "<!-- classify-workflow:end -->"));
    }

    [Fact]
    public void TheWorkedExamplesPromptIsTheClassifyPromptFile()
    {
        string file = File.ReadAllText(RepositoryFiles.PathOf("src/Tollgate/Prompts/Templates/classify.v1.prompt")).ReplaceLineEndings("\n");

        Assert.Contains("```text\n" + file.TrimEnd('\n') + "\n```", Guide, StringComparison.Ordinal);
    }

    /// <summary>The one fenced code block between two markers of the guide, without its fences.</summary>
    private static string CodeBlockBetween(string begin, string end)
    {
        int start = Guide.IndexOf(begin, StringComparison.Ordinal);
        int stop = Guide.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"docs/authoring.md lacks the markers {begin} … {end}.");
        string[] lines = Guide[(start + begin.Length)..stop].Trim('\n').Split('\n');
        Assert.StartsWith("```", lines[0], StringComparison.Ordinal);
        Assert.Equal("```", lines[^1]);
        return string.Join('\n', lines[1..^1]);
    }
}

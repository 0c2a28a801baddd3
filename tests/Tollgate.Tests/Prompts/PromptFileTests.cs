using Tollgate.Prompts;

namespace Tollgate.Tests.Prompts;

/// <summary>
/// Prompt files: the shipped ones load with the exact text runs were recorded against, and a file whose declared
/// variables do not match its placeholders, or that is malformed, is refused with a message naming the file.
/// </summary>
public sealed class PromptFileTests
{
    private const string Greeting = "variables: name\n--- system\nYou are terse.\n--- user\nHello {{name}}.\n";

    [Fact]
    public void EveryShippedPromptFileLoadsAndSummarizeKeepsTheTextItsRunsWereRecordedWith()
    {
        Assert.Contains(PromptCatalog.All, t => t.Id == "summarize" && t.Version == 1);
        // The hash recorded on every summarize run before the prompt moved into a file: a changed byte would make
        // recorded replays of those runs refuse (prompt drift).
        Assert.Equal("567e06439a6bbfe3177c3089772de9a5af90992d497583c8b2d86ae9644cfd34", PromptCatalog.SummarizeV1.ContentHash);
        Assert.Equal("Summarise the text between the markers.\n<<<TEXT\nhi\nTEXT>>>",
            PromptCatalog.SummarizeV1.Render(new Dictionary<string, string> { ["text"] = "hi" }).User);
    }

    [Fact]
    public void IdVersionAndTextComeFromTheFile()
    {
        PromptTemplate template = PromptFile.Parse("greeting.v3.prompt", "# a comment\n\n" + Greeting);

        Assert.Equal(("greeting", 3), (template.Id, template.Version));
        Assert.Equal("You are terse.", template.System);
        Assert.Equal("Hello {{name}}.", template.User);
    }

    [Fact]
    public void LineEndingsAndTheFinalLineBreakDoNotChangeTheContentHash()
    {
        string lf = PromptFile.Parse("greeting.v1.prompt", Greeting).ContentHash;

        Assert.Equal(lf, PromptFile.Parse("greeting.v1.prompt", Greeting.Replace("\n", "\r\n", StringComparison.Ordinal)).ContentHash);
        Assert.Equal(lf, PromptFile.Parse("greeting.v1.prompt", Greeting.TrimEnd('\n')).ContentHash);
    }

    [Theory]
    [InlineData("variables: name, age\n--- system\nS\n--- user\nHello {{name}}.", "unused: [age]")]
    [InlineData("variables: name\n--- system\nS\n--- user\nHello {{name}}, {{age}}.", "undeclared: [age]")]
    [InlineData("--- system\nS\n--- user\nHello {{name}}.", "undeclared: [name]")]
    [InlineData("variables: name\n--- system\nS {{name}}\n--- user\nHello {{name}}.", "placeholders belong in the user part")]
    [InlineData("variables: name\n--- user\nHello {{name}}.", "both a '--- system' and a '--- user' section")]
    [InlineData("variables: name\n--- system\nS\n--- system\nT\n--- user\nHello {{name}}.", "line 4")]
    [InlineData("variables: name\n--- system\nS\n--- assistant\nT\n--- user\nHello {{name}}.", "line 4")]
    [InlineData("variables: name\nstray text\n--- system\nS\n--- user\nHello {{name}}.", "line 2")]
    public void AFileWhoseVariablesOrSectionsAreWrongIsRefusedNamingTheFile(string text, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PromptFile.Parse("greeting.v1.prompt", text));

        Assert.Contains("greeting.v1.prompt", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("greeting.prompt")]
    [InlineData("greeting.v0.prompt")]
    [InlineData("Greeting.v1.prompt")]
    [InlineData("greeting.v1.txt")]
    public void AFileNameWithoutIdAndVersionIsRefused(string fileName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PromptFile.Parse(fileName, Greeting));

        Assert.Contains("{id}.v{version}.prompt", error.Message, StringComparison.Ordinal);
    }
}

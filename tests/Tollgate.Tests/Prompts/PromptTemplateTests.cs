using Tollgate.Prompts;

namespace Tollgate.Tests.Prompts;

public sealed class PromptTemplateTests
{
    private static readonly PromptTemplate Greeting = new("greeting", 1, "You are terse.", "Hello {{name}}, you are {{age}}. Bye {{name}}.");

    [Fact]
    public void RenderFillsEveryPlaceholderInTheUserPart()
    {
        RenderedPrompt rendered = Greeting.Render(new Dictionary<string, string> { ["name"] = "Ada", ["age"] = "36" });

        Assert.Equal("Hello Ada, you are 36. Bye Ada.", rendered.User);
        Assert.Equal("You are terse.", rendered.System);
        Assert.Same(Greeting, rendered.Template);
    }

    [Fact]
    public void RenderIgnoresVariablesTheTemplateDoesNotUse()
    {
        RenderedPrompt rendered = Greeting.Render(new Dictionary<string, string> { ["name"] = "Ada", ["age"] = "36", ["unused"] = "x" });

        Assert.Equal("Hello Ada, you are 36. Bye Ada.", rendered.User);
    }

    [Fact]
    public void AValueContainingAPlaceholderIsNotExpandedAgain()
    {
        // A caller's text that looks like a placeholder must reach the model verbatim (prompt injection
        // through template syntax), and must not fail rendering for want of a value.
        RenderedPrompt rendered = Greeting.Render(new Dictionary<string, string> { ["name"] = "{{age}} {{text}}", ["age"] = "36" });

        Assert.Equal("Hello {{age}} {{text}}, you are 36. Bye {{age}} {{text}}.", rendered.User);
    }

    [Fact]
    public void RegexSubstitutionSyntaxInAValueStaysLiteral()
    {
        RenderedPrompt rendered = Greeting.Render(new Dictionary<string, string> { ["name"] = "$0 $1 $$ ${name}", ["age"] = "36" });

        Assert.Equal("Hello $0 $1 $$ ${name}, you are 36. Bye $0 $1 $$ ${name}.", rendered.User);
    }

    [Fact]
    public void AMissingVariableThrowsNamingIt()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => Greeting.Render(new Dictionary<string, string> { ["name"] = "Ada" }));

        Assert.Contains("'age'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("greeting", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSummarizePromptNeedsItsText()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => PromptCatalog.SummarizeV1.Render(new Dictionary<string, string>()));

        Assert.Contains("'text'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSummarizePromptPutsTheTextBetweenItsMarkers()
    {
        RenderedPrompt rendered = PromptCatalog.SummarizeV1.Render(new Dictionary<string, string> { ["text"] = "The quick brown fox." });

        Assert.Contains("<<<TEXT\nThe quick brown fox.\nTEXT>>>", rendered.User, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", rendered.User, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentHashIsStableForTheSameText()
    {
        var a = new PromptTemplate("p", 1, "system", "user {{x}}");
        var b = new PromptTemplate("other-id", 7, "system", "user {{x}}");

        Assert.Equal(a.ContentHash, b.ContentHash);
    }

    [Fact]
    public void ContentHashIsSixtyFourLowerCaseHexDigits()
    {
        foreach (PromptTemplate template in new[] { Greeting, PromptCatalog.SummarizeV1, new PromptTemplate("empty", 1, "", "") })
        {
            Assert.Matches("^[0-9a-f]{64}$", template.ContentHash);
        }
    }

    [Fact]
    public void ContentHashChangesWhenTheSystemTextChanges()
    {
        var changed = new PromptTemplate(Greeting.Id, Greeting.Version, Greeting.System + " ", Greeting.User);

        Assert.NotEqual(Greeting.ContentHash, changed.ContentHash);
    }

    [Fact]
    public void ContentHashChangesWhenTheUserTextChanges()
    {
        var changed = new PromptTemplate(Greeting.Id, Greeting.Version, Greeting.System, Greeting.User.Replace("Bye", "Ciao", StringComparison.Ordinal));

        Assert.NotEqual(Greeting.ContentHash, changed.ContentHash);
    }

    [Fact]
    public void ContentHashTellsWhereTheSystemTextEndsAndTheUserTextBegins()
    {
        var a = new PromptTemplate("p", 1, "ab", "c");
        var b = new PromptTemplate("p", 1, "a", "bc");

        Assert.NotEqual(a.ContentHash, b.ContentHash);
    }

    [Fact]
    public void ContentHashFollowsTheTextOfATemplateDerivedWithAWithExpression()
    {
        // The natural way to publish version 2 of a prompt is `V1 with { Version = 2, User = … }`.
        // A run record of that version must carry the hash of the text actually sent.
        PromptTemplate v2 = PromptCatalog.SummarizeV1 with { Version = 2, User = "Summarise in one sentence:\n{{text}}" };
        var fresh = new PromptTemplate(v2.Id, v2.Version, v2.System, v2.User);

        Assert.Equal(fresh.ContentHash, v2.ContentHash);
        Assert.NotEqual(PromptCatalog.SummarizeV1.ContentHash, v2.ContentHash);
    }

    [Fact]
    public void PublishedPromptTextIsPinnedByItsHash()
    {
        // Recorded runs name (id, version, hash). Editing a published prompt in place breaks replay of
        // every run recorded against it: add a new version to the catalog instead.
        // SHA-256 of "{len(system)}:{system}\n{len(user)}:{user}", computed outside .NET.
        Assert.Equal(
            "567e06439a6bbfe3177c3089772de9a5af90992d497583c8b2d86ae9644cfd34",
            PromptCatalog.Get("summarize", 1).ContentHash);
    }

    [Fact]
    public void CatalogReturnsTheTemplateByIdAndVersion()
    {
        Assert.Same(PromptCatalog.SummarizeV1, PromptCatalog.Get(PromptCatalog.SummarizeV1.Id, PromptCatalog.SummarizeV1.Version));
    }

    [Theory]
    [InlineData("summarize", 2)]
    [InlineData("summarize", 0)]
    [InlineData("no-such-prompt", 1)]
    [InlineData("", 1)]
    public void CatalogThrowsForAnUnknownIdOrVersion(string id, int version)
    {
        KeyNotFoundException ex = Assert.Throws<KeyNotFoundException>(() => PromptCatalog.Get(id, version));

        Assert.Contains($"'{id}'", ex.Message, StringComparison.Ordinal);
    }
}

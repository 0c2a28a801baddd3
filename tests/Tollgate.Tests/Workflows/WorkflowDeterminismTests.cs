using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DurableTask;
using Tollgate.Tests.Support;
using Tollgate.Workflows;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// A workflow's <c>ExecuteAsync</c> is replayed by Durable Task, so it must be deterministic; the Durable Task
/// analyzers (Microsoft.DurableTask.Analyzers, referenced by Directory.Build.props for every project) check that in
/// every class implementing <see cref="ITaskOrchestrator"/>: each method the class declares with a
/// <see cref="TaskOrchestrationContext"/> parameter, and the methods of the same project it calls. These tests run
/// those analyzers in-process over deliberately broken workflows — the real catalog's files with a
/// <c>DateTime.Now</c> put in, and small workflows deriving from the real <see cref="Workflow{TInput, TOutput}"/> —
/// so a change that stopped workflows being checked (a base class that no longer is a task orchestrator, an
/// <c>ExecuteAsync</c> without the context, an analyzer upgrade that stopped following calls) fails here. The
/// build turns the analyzers' warnings into errors (<c>TreatWarningsAsErrors</c>); the last tests hold that.
/// <c>scripts/check-determinism.sh</c> shows the same with a real <c>dotnet build</c>.
/// </summary>
public sealed partial class WorkflowDeterminismTests
{
    private const string DateTimeRule = "DURABLE0001";
    private const string GuidRule = "DURABLE0002";

    public static TheoryData<string> CatalogWorkflows => [.. WorkflowCatalog.All.Keys];

    [Theory]
    [MemberData(nameof(CatalogWorkflows))]
    public async Task EveryCatalogWorkflowIsCheckedAsItIsWritten(string workflow)
    {
        Type type = WorkflowCatalog.Get(workflow)!.Create().GetType();
        string source = await File.ReadAllTextAsync(SourceFileOf(type));

        AnalysisResult asWritten = await DurableAnalyzers.AnalyzeAsync(source);
        AnalysisResult broken = await DurableAnalyzers.AnalyzeAsync(InsertIntoExecuteAsync(source, "_ = System.DateTime.Now;"));

        Assert.Empty(asWritten.CompileErrors);
        Assert.Empty(asWritten.Durable);
        Assert.Empty(broken.CompileErrors);
        Diagnostic flagged = Assert.Single(broken.Durable);
        Assert.Equal(DateTimeRule, flagged.Id);
        Assert.Equal("ExecuteAsync", EnclosingMethod(flagged));
        Assert.Contains($"orchestration '{type.Name}'", flagged.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCatalogWorkflowDeclaresWhatTheAnalyzersVisit()
    {
        // The analyzers visit the methods a class declares itself (not those it inherits) that take the context.
        foreach (WorkflowDefinition definition in WorkflowCatalog.All.Values)
        {
            Type type = definition.Create().GetType();
            Assert.True(typeof(ITaskOrchestrator).IsAssignableFrom(type), $"{type.Name} is not an ITaskOrchestrator.");
            MethodInfo? execute = type.GetMethod("ExecuteAsync", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            Assert.True(execute is not null && execute.GetParameters().Any(p => p.ParameterType == typeof(TaskOrchestrationContext)),
                $"{type.Name} does not declare ExecuteAsync(TaskOrchestrationContext, …).");
        }
    }

    [Fact]
    public async Task DateTimeNowInExecuteAsyncIsFlagged()
    {
        AnalysisResult result = await DurableAnalyzers.AnalyzeAsync(Probe("DateTime started = DateTime.Now;"));

        Assert.Empty(result.CompileErrors);
        Diagnostic flagged = Assert.Single(result.Durable);
        Assert.Equal(DateTimeRule, flagged.Id);
        Assert.Equal("ExecuteAsync", EnclosingMethod(flagged));
        Assert.Equal("DateTime.Now", SourceOf(flagged));
        Assert.Contains("orchestration 'ProbeWorkflow'", flagged.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOrchestrationClockIsNotFlagged()
    {
        // The same workflow with the replay-safe clock: so the test above is not passing on any workflow at all.
        AnalysisResult result = await DurableAnalyzers.AnalyzeAsync(Probe("DateTime started = context.CurrentUtcDateTime;"));

        Assert.Empty(result.CompileErrors);
        Assert.Empty(result.Durable);
    }

    [Fact]
    public async Task AHelperCalledFromExecuteAsyncIsCheckedToo()
    {
        // NewId takes no context: it is checked because ExecuteAsync calls it.
        AnalysisResult result = await DurableAnalyzers.AnalyzeAsync(Probe(
            "string id = NewId();",
            "private static string NewId() => Guid.NewGuid().ToString(\"N\");"));

        Assert.Empty(result.CompileErrors);
        Diagnostic flagged = Assert.Single(result.Durable);
        Assert.Equal(GuidRule, flagged.Id);
        Assert.Equal("NewId", EnclosingMethod(flagged));
        Assert.Contains("orchestration 'ProbeWorkflow'", flagged.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Func<DateTime> now = () => DateTime.Now;")]
    [InlineData("DateTime Now() => DateTime.Now; DateTime started = Now();")]
    public async Task LambdasAndLocalFunctionsInExecuteAsyncAreChecked(string statement)
    {
        AnalysisResult result = await DurableAnalyzers.AnalyzeAsync(Probe(statement));

        Assert.Empty(result.CompileErrors);
        Diagnostic flagged = Assert.Single(result.Durable);
        Assert.Equal(DateTimeRule, flagged.Id);
        Assert.Equal("ExecuteAsync", EnclosingMethod(flagged));
    }

    [Fact]
    public async Task AnUncalledHelperIsNotChecked()
    {
        // The analyzers follow calls: a method no orchestration reaches may do what it likes.
        AnalysisResult result = await DurableAnalyzers.AnalyzeAsync(Probe(
            "string id = context.NewGuid().ToString(\"N\");",
            "public static string NewId() => Guid.NewGuid().ToString(\"N\");"));

        Assert.Empty(result.CompileErrors);
        Assert.Empty(result.Durable);
    }

    [Theory]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1));", "DURABLE0003")]
    [InlineData("await Task.Run(() => 1);", "DURABLE0004")]
    [InlineData("using var http = new HttpClient();", "DURABLE0005")]
    [InlineData("string? region = Environment.GetEnvironmentVariable(\"REGION\");", "DURABLE0006")]
    public async Task OtherNonDeterministicCallsAreFlagged(string statement, string rule)
    {
        // What docs/authoring.md lists as the analyzers' other rules, each in a workflow of its own.
        AnalysisResult result = await DurableAnalyzers.AnalyzeAsync(Probe(statement));

        Assert.Empty(result.CompileErrors);
        Assert.Contains(result.Durable, d => d.Id == rule && EnclosingMethod(d) == "ExecuteAsync");
    }

    [Fact]
    public async Task APropertyGetterIsNotFollowed()
    {
        // A limit of the analyzers, written down in docs/authoring.md: they follow method calls, not property
        // getters, so a clock read in a property ExecuteAsync uses goes unseen. If this starts failing, an analyzer
        // upgrade closed the gap: update the guide.
        AnalysisResult result = await DurableAnalyzers.AnalyzeAsync(Probe(
            "DateTime started = Started;",
            "private static DateTime Started => DateTime.Now;"));

        Assert.Empty(result.CompileErrors);
        Assert.Empty(result.Durable);
    }

    [Fact]
    public async Task UnderTheBuildsSettingsTheDiagnosticIsAnError()
    {
        // csc /warnaserror+ (what TreatWarningsAsErrors passes) makes the analyzer's warning an error: the build fails.
        AnalysisResult result = await DurableAnalyzers.AnalyzeAsync(Probe("DateTime started = DateTime.Now;"), warningsAsErrors: true);

        Diagnostic flagged = Assert.Single(result.Durable);
        Assert.Equal(DateTimeRule, flagged.Id);
        Assert.Equal(DiagnosticSeverity.Warning, flagged.DefaultSeverity);
        Assert.Equal(DiagnosticSeverity.Error, flagged.Severity);
    }

    [Fact]
    public void TheBuildTreatsWarningsAsErrorsAndSilencesNoDurableRule()
    {
        // What the test above assumes of the build: every project imports Directory.Build.props, which adds the
        // analyzers and sets TreatWarningsAsErrors; no project, props file or editorconfig turns that or a DURABLE
        // rule down.
        XDocument props = XDocument.Load(RepositoryFiles.PathOf("Directory.Build.props"));
        Assert.Equal("true", props.Descendants("TreatWarningsAsErrors").Single().Value);
        Assert.Contains(props.Descendants("PackageReference"), p => (string?)p.Attribute("Include") == "Microsoft.DurableTask.Analyzers");

        string[] buildFiles = [.. Directory.EnumerateFiles(RepositoryFiles.Root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal)
                || f.EndsWith(".targets", StringComparison.Ordinal))
            .Where(f => !IsGeneratedOrVendored(f))];
        Assert.Contains(buildFiles, f => f.EndsWith("Tollgate.csproj", StringComparison.Ordinal));
        foreach (string file in buildFiles)
        {
            XDocument project = XDocument.Load(file);
            Assert.DoesNotContain(project.Descendants("TreatWarningsAsErrors"), e => e.Value.Trim() != "true");
            Assert.DoesNotContain(project.Descendants(), e => e.Name.LocalName is "NoWarn" or "WarningsNotAsErrors"
                && e.Value.Contains("DURABLE", StringComparison.OrdinalIgnoreCase));
        }

        string[] configs = [.. Directory.EnumerateFiles(RepositoryFiles.Root, "*.*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is ".editorconfig" || f.EndsWith(".globalconfig", StringComparison.Ordinal))
            .Where(f => !IsGeneratedOrVendored(f))];
        foreach (string config in configs)
        {
            Assert.DoesNotMatch(LoweredDurableRule(), File.ReadAllText(config));
        }
    }

    /// <summary>A workflow deriving from the real base, with <paramref name="statement"/> first in its ExecuteAsync.</summary>
    private static string Probe(string statement, string members = "") => $$"""
        using Microsoft.DurableTask;
        using Tollgate.Workflows;

        namespace Probe;

        public sealed class ProbeWorkflow : Workflow<ProbeInput, ProbeOutput>
        {
            public static readonly TextStep Answer = new("answer", promptId: "summarize", promptVersion: 1, maxOutputTokens: 64, minOutputTokens: 16);

            public override string Name => "probe";

            public override decimal CostCeiling => 0.01m;

            public override TimeSpan LatencyBudget => TimeSpan.FromSeconds(5);

            public override IReadOnlyList<ModelStep> Steps => [Answer];

            protected override async Task<ProbeOutput> ExecuteAsync(TaskOrchestrationContext context, ProbeInput input)
            {
                {{statement}}
                string text = await AskAsync(context, Answer, new Dictionary<string, string> { ["text"] = input.Text });
                return new ProbeOutput(text);
            }

            {{members}}
        }

        public sealed record ProbeInput(string Text);

        public sealed record ProbeOutput(string Text);
        """;

    /// <summary>The file under src/Tollgate that declares <paramref name="type"/>.</summary>
    private static string SourceFileOf(Type type)
    {
        var declaration = new Regex($@"\bclass\s+{Regex.Escape(type.Name)}\b");
        string[] files = [.. Directory.EnumerateFiles(RepositoryFiles.PathOf("src/Tollgate"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsGeneratedOrVendored(f) && declaration.IsMatch(File.ReadAllText(f)))];
        return Assert.Single(files);
    }

    /// <summary><paramref name="source"/> with <paramref name="statement"/> first in the body of its ExecuteAsync.</summary>
    private static string InsertIntoExecuteAsync(string source, string statement)
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText(source).GetRoot();
        MethodDeclarationSyntax execute = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "ExecuteAsync");
        StatementSyntax added = SyntaxFactory.ParseStatement(statement);
        BlockSyntax body = execute.Body is { } block
            ? block.WithStatements(block.Statements.Insert(0, added))
            : SyntaxFactory.Block(added, SyntaxFactory.ReturnStatement(execute.ExpressionBody!.Expression));
        MethodDeclarationSyntax changed = execute.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
        return root.ReplaceNode(execute, changed).NormalizeWhitespace().ToFullString();
    }

    private static string? EnclosingMethod(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree?.GetRoot().FindNode(diagnostic.Location.SourceSpan)
            .FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Identifier.Text;

    private static string? SourceOf(Diagnostic diagnostic) => diagnostic.Location.SourceTree?.GetText().ToString(diagnostic.Location.SourceSpan);

    private static bool IsGeneratedOrVendored(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules" or ".git");

    [GeneratedRegex(@"(?im)^\s*dotnet_(diagnostic\.DURABLE\w*|analyzer_diagnostic\.(category-Orchestration|category-Activity)|analyzer_diagnostic)\.severity\s*=\s*(none|silent|suggestion|default)\b")]
    private static partial Regex LoweredDurableRule();
}

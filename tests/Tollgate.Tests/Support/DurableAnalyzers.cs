using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.DurableTask;
using Tollgate.Workflows;

namespace Tollgate.Tests.Support;

/// <summary>
/// Runs the Durable Task analyzers — the very DLL of the Microsoft.DurableTask.Analyzers package that
/// Directory.Build.props gives every project, found through its restore path (the test project's
/// <c>GeneratePathProperty</c>, passed in as assembly metadata) — over C# source compiled in-process with the
/// compiler of the pinned SDK, against the real Tollgate and Durable Task assemblies this test runs with.
/// </summary>
internal static class DurableAnalyzers
{
    /// <summary>The analyzer assembly's path inside the restored package.</summary>
    public static string AssemblyPath { get; } = FindAssembly();

    /// <summary>What <c>ImplicitUsings</c> (Directory.Build.props) gives every file of a Microsoft.NET.Sdk project.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> Analyzers = new(Load);
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>What compiling <paramref name="source"/> reports: compiler errors, and every analyzer diagnostic.</summary>
    /// <param name="source">One C# file of a project with the SDK's implicit usings.</param>
    /// <param name="warningsAsErrors">Compile as the build does (<c>TreatWarningsAsErrors</c>, i.e. <c>csc /warnaserror+</c>).</param>
    public static async Task<AnalysisResult> AnalyzeAsync(string source, bool warningsAsErrors = false)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, parse, path: "Probe.cs");
        SyntaxTree usings = CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "GlobalUsings.g.cs");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: warningsAsErrors ? ReportDiagnostic.Error : ReportDiagnostic.Default);
        CSharpCompilation compilation = CSharpCompilation.Create("DeterminismProbe", [tree, usings], References.Value, options);

        // Errors the source has as C# (a probe that does not compile would prove nothing); the warnings the
        // probes cause on purpose (CS0436: a workflow file compiled beside the Tollgate.dll that also holds it)
        // are not errors here, whatever warningsAsErrors makes of them.
        Diagnostic[] compileErrors = [.. compilation.GetDiagnostics().Where(d => d.DefaultSeverity == DiagnosticSeverity.Error)];
        ImmutableArray<Diagnostic> all = await compilation.WithAnalyzers(Analyzers.Value).GetAnalyzerDiagnosticsAsync();
        return new AnalysisResult(compileErrors, [.. all.OrderBy(d => d.Location.SourceSpan.Start)]);
    }

    private static string FindAssembly()
    {
        string? package = typeof(DurableAnalyzers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "DurableTaskAnalyzersPackage")?.Value;
        if (string.IsNullOrEmpty(package))
        {
            throw new InvalidOperationException("The test assembly does not name the Microsoft.DurableTask.Analyzers package folder "
                + "(DurableTaskAnalyzersPackage metadata from Tollgate.Tests.csproj).");
        }

        string path = Path.Combine(package, "analyzers", "dotnet", "cs", "Microsoft.DurableTask.Analyzers.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The Durable Task analyzer assembly is not in its package.", path);
    }

    private static ImmutableArray<DiagnosticAnalyzer> Load()
    {
        var reference = new AnalyzerFileReference(AssemblyPath, new Loader());
        var failures = new List<string>();
        reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{e.TypeName}: {e.Message}");
        ImmutableArray<DiagnosticAnalyzer> analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
        if (failures.Count > 0 || analyzers.IsEmpty)
        {
            throw new InvalidOperationException($"The Durable Task analyzers did not load from {AssemblyPath}: {string.Join("; ", failures)}");
        }

        return analyzers;
    }

    /// <summary>
    /// Every assembly this test process may load (the framework, ASP.NET Core, and the test's packages and projects,
    /// Tollgate.dll among them), one per file name.
    /// </summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("The runtime lists no trusted platform assemblies.");
        IEnumerable<string> paths = trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat([typeof(Workflow<,>).Assembly.Location, typeof(TaskOrchestrationContext).Assembly.Location])
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        return [.. paths.DistinctBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase).Select(p => MetadataReference.CreateFromFile(p))];
    }

    /// <summary>Loads the analyzer into this process, where its Roslyn references bind to the test's own Roslyn.</summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}

/// <summary>A probe's compiler errors and its analyzer diagnostics, in source order.</summary>
internal sealed record AnalysisResult(IReadOnlyList<Diagnostic> CompileErrors, IReadOnlyList<Diagnostic> AnalyzerDiagnostics)
{
    /// <summary>The Durable Task analyzers' warnings and errors (not their DURABLE2003/2004 information).</summary>
    public IReadOnlyList<Diagnostic> Durable =>
        [.. AnalyzerDiagnostics.Where(d => d.Id.StartsWith("DURABLE", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning)];
}

using Tollgate.Jobs;
using Tollgate.Workflows;

namespace Tollgate.Tests.Jobs;

/// <summary>Items bodies: valid rows kept, each bad row named by its line, whole-body problems refuse everything.</summary>
public sealed class JobItemsReaderTests
{
    private static readonly WorkflowDefinition EnrichLead = WorkflowCatalog.Get("enrich-lead")!;

    private static JobItemsRead Lines(string body) => JobItemsReader.Read(EnrichLead, JobItemsFormat.JsonLines, body);

    private static JobItemsRead Csv(string body) => JobItemsReader.Read(EnrichLead, JobItemsFormat.Csv, body);

    [Fact]
    public void JsonLinesKeepValidRowsAndNameEachBadLine()
    {
        JobItemsRead read = Lines(string.Join('\n',
            """{"notes":"Dana Ruiz, CTO of Northwind"}""",
            """{"notes":""",
            "",
            """{"notes":"Acme, 40 people","id":"acme-1"}""",
            """{"note":"misspelt"}""",
            """["not", "an", "object"]""",
            """{"notes":42}""",
            """{"notes":"bad id","id":"a/b"}""",
            """{"notes":"ok again"}""") + "\n");

        Assert.Null(read.Problem);
        Assert.Equal(3, read.Items.Count);
        Assert.Equal("acme-1", read.Items[1].Id);
        Assert.Equal(
            [(2, "$"), (5, "input.notes"), (6, "$"), (7, "input.notes"), (8, "id")],
            read.Errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("not valid JSON", read.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ARepeatedPropertyOrALoneSurrogateIsThatLinesErrorNotTheRequests()
    {
        // JsonNode throws these on first access, not on parse: they must still land on their line.
        JobItemsRead read = Lines(string.Join('\n',
            """{"notes":"a","notes":"b"}""",
            """{"notes":"fine","id":"\ud800"}""",
            """{"notes":"\ud800 lone"}""",
            """{"notes":"kept"}"""));

        Assert.Null(read.Problem);
        Assert.Single(read.Items);
        Assert.Equal([1, 2, 3], read.Errors.Select(e => e.Line));
    }

    [Fact]
    public void TheSameRowGetsTheSameIdSoRepostingIsIdempotent()
    {
        JobItemsRead first = Lines("""{"notes":"Same lead"}""");
        JobItemsRead second = Lines("""{ "notes" : "Same lead" }""" + "\r\n");
        JobItemsRead other = Lines("""{"notes":"Another lead"}""");

        Assert.Equal(first.Items[0].Id, second.Items[0].Id);
        Assert.NotEqual(first.Items[0].Id, other.Items[0].Id);
        Assert.Matches("^h[0-9a-f]{32}$", first.Items[0].Id);
    }

    [Fact]
    public void ARowRepeatedInOneBodyIsKeptOnce()
    {
        JobItemsRead read = Lines("{\"notes\":\"a\"}\n{\"notes\":\"a\"}\n{\"notes\":\"b\",\"id\":\"x\"}\n{\"notes\":\"c\",\"id\":\"x\"}");

        Assert.Equal(2, read.Items.Count);
        Assert.Equal(2, read.Repeats);
        Assert.Empty(read.Errors);
    }

    [Fact]
    public void CsvFollowsRfc4180QuotingAndCountsLinesOfMultiLineFields()
    {
        JobItemsRead read = Csv(
            "id,notes\r\n" +
            "a1,\"Ruiz, Dana \"\"DR\"\" — CTO\"\r\n" +
            "a2,\"first line\nsecond line\"\r\n" +
            "a3,plain text\r\n" +
            "a4,bro\"ken\r\n" +
            "a5,\"closed\"trailing\r\n" +
            "a6\r\n" +
            "\r\n" +
            ",no id given\r\n");

        Assert.Null(read.Problem);
        Assert.Equal(["a1", "a2", "a3"], read.Items.Take(3).Select(i => i.Id));
        Assert.Contains("Ruiz, Dana \\u0022DR\\u0022", read.Items[0].InputJson, StringComparison.Ordinal);
        Assert.Contains("first line\\nsecond line", read.Items[1].InputJson, StringComparison.Ordinal);
        Assert.Matches("^h[0-9a-f]{32}$", read.Items[3].Id);
        // a2 spans lines 3-4, so a3 is on line 5.
        Assert.Equal([(6, "$"), (7, "$"), (8, "$")], read.Errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("quote inside an unquoted field", read.Errors[0].Problem, StringComparison.Ordinal);
        Assert.Contains("after a closing quote", read.Errors[1].Problem, StringComparison.Ordinal);
        Assert.Contains("has 1 fields; the header has 2", read.Errors[2].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvColumnsAreValidatedAsTheInputsFields()
    {
        JobItemsRead read = Csv("notes,colour\nsome notes,blue\n");

        JobItemError error = Assert.Single(read.Errors);
        Assert.Equal((2, "input.colour"), (error.Line, error.Field));
        Assert.Empty(read.Items);
    }

    [Theory]
    [InlineData("", "no header row")]
    [InlineData("\r\n\r\n", "no header row")]
    [InlineData("id,notes\na1,\"never closed\nmore\n", "quoted field opened on line 2 that is never closed")]
    [InlineData("notes,notes\na,b\n", "names the column 'notes' twice")]
    [InlineData("notes\n", "holds no items")]
    public void AMalformedCsvBodyIsAWholeBodyProblem(string body, string expected)
    {
        JobItemsRead read = Csv(body);

        Assert.NotNull(read.Problem);
        Assert.Contains(expected, read.Problem, StringComparison.Ordinal);
        Assert.Empty(read.Items);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n \n\r\n")]
    public void AnEmptyJsonLinesBodyIsAWholeBodyProblem(string body) =>
        Assert.Contains("holds no items", Lines(body).Problem, StringComparison.Ordinal);

    [Fact]
    public void AnInputTooLargeForATableRowIsRefusedByLine()
    {
        string notes = new('x', 19_000);
        JobItemsRead read = Lines($"{{\"notes\":\"ok\"}}\n{{\"notes\":\"{notes}\"}}");

        Assert.Single(read.Items);
        JobItemError error = Assert.Single(read.Errors);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("application/x-ndjson", JobItemsFormat.JsonLines)]
    [InlineData("application/jsonl; charset=utf-8", JobItemsFormat.JsonLines)]
    [InlineData("text/csv", JobItemsFormat.Csv)]
    [InlineData("TEXT/CSV; header=present", JobItemsFormat.Csv)]
    [InlineData("application/json", null)]
    [InlineData("text/plain", null)]
    [InlineData(null, null)]
    public void TheContentTypeChoosesTheFormat(string? contentType, JobItemsFormat? expected) =>
        Assert.Equal(expected, AddJobItemsHandler.FormatOf(contentType));
}

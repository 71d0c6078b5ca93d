using Relay.Server.Instruments;

namespace Relay.Tests.Server.Instruments;

internal sealed class CsvRecordReaderTests
{
    [Test]
    public void TryReadRecord_QuotedFields_HandlesCommasDoubledQuotesAndLineBreaks()
    {
        var records = ReadAll("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\r\nlast,,\"\"");

        records.Select(r => r.Fields).Should().BeEquivalentTo(
            new[]
            {
                new[] { "a", "b,c", "say \"hi\"" },
                new[] { "two\nlines", "x", "" },
                new[] { "last", "", "" },
            },
            o => o.WithStrictOrdering());
        records.Select(r => r.Line).Should().Equal(1, 2, 4);
        records.Should().OnlyContain(r => r.Error == null);
    }

    [Test]
    public void TryReadRecord_BlankLinesAndMixedLineEnds_SkipsBlanksAndCountsLines()
    {
        var records = ReadAll("h1,h2\n\n1,2\r\n\r\n3,4\r5,6\n");

        records.Select(r => r.Fields[0]).Should().Equal("h1", "1", "3", "5");
        records.Select(r => r.Line).Should().Equal(1, 3, 5, 6);
    }

    [Test]
    public void TryReadRecord_UnterminatedQuote_ReportsAnError()
    {
        var records = ReadAll("a,\"never closed\nb,c");

        records.Should().ContainSingle().Which.Error.Should().Contain("unterminated");
    }

    [Test]
    public void TryReadRecord_TextAfterClosingQuote_ReportsAnErrorAndStaysAligned()
    {
        var records = ReadAll("\"ab\"cd,e\nf,g");

        records[0].Error.Should().Contain("after a closing quote");
        records[0].Fields.Should().HaveCount(2);
        records[1].Fields.Should().Equal("f", "g");
        records[1].Error.Should().BeNull();
    }

    [Test]
    public void TryReadRecord_KeepColumns_SkipsUnwantedFieldsButCountsThem()
    {
        var reader = new CsvRecordReader(new StringReader("a,b,c,d\n")) { KeepColumns = [true, false, true] };
        var fields = new List<string?>();

        reader.TryReadRecord(fields, out _).Should().BeTrue();

        fields.Should().Equal("a", null, "c", null);
    }

    [Test]
    public void TryReadRecord_FieldLongerThanTheBuffer_ReadsItWhole()
    {
        var longField = new string('x', 200_000);

        var records = ReadAll($"1,{longField},3\n\"{longField}\",2");

        records[0].Fields[1].Should().Be(longField);
        records[1].Fields[0].Should().Be(longField);
    }

    private static List<(string?[] Fields, long Line, string? Error)> ReadAll(string text)
    {
        var reader = new CsvRecordReader(new StringReader(text));
        var fields = new List<string?>();
        var records = new List<(string?[], long, string?)>();
        while (reader.TryReadRecord(fields, out var error))
        {
            records.Add((fields.ToArray(), reader.RecordLine, error));
        }

        return records;
    }
}

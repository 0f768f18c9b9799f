using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using CsvHelper;

namespace Dispatch.Api.Exports;

/// <summary>One column of an export: its header and how a row gives its value (text, a number, an instant, or nothing).</summary>
public sealed record Column<T>(string Header, Func<T, object?> Value);

public static class ExportFormats
{
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    public static IReadOnlyList<string> All { get; } = [Json, Csv, Xlsx];

    public static IReadOnlyList<string> Files { get; } = [Csv, Xlsx];

    public const string CsvContentType = "text/csv";

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

/// <summary>
/// Writes rows as CSV (UTF-8 with a BOM, so Excel opens Chinese text) or XLSX, one row at a time, straight
/// onto a stream: an export of any length holds one row in memory. Instants are written in the center's
/// time zone, as local date-times (what a spreadsheet user reads).
/// </summary>
public static class TableExport
{
    private const int FlushEveryRows = 1_000;

    /// <summary>
    /// RFC 4180 as CsvHelper 33 wrote it, byte for byte (<c>TableExportSpecs</c>): fields with a space or tab at either end
    /// quoted too (34 quotes them only on request), and text that starts like a formula escaped with a quote and quoted.
    /// Every value goes in as text, so a negative number is escaped as well ('-7), as before.
    /// </summary>
    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        Quoting = CsvQuoting.WhenNeededOrWhitespace,
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
    };

    public static async Task WriteCsvAsync<T>(Stream output, IReadOnlyList<Column<T>> columns, IAsyncEnumerable<T> rows, TimeZoneInfo zone,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        // Only the asynchronous calls touch the stream: Kestrel refuses synchronous writes, and a disposed writer flushes.
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        foreach (var column in columns)
        {
            csv.WriteField(column.Header);
        }

        await csv.EndRecordAsync(cancellationToken);
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            foreach (var column in columns)
            {
                csv.WriteField(Text(column.Value(row), zone));
            }

            await csv.EndRecordAsync(cancellationToken);
            if (++count % FlushEveryRows == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// A minimal SpreadsheetML workbook (one sheet, inline strings, a bold header row). The zip and XML writers
    /// write synchronously (DeflateStream flushes synchronously even when disposed asynchronously), so they
    /// write into a small buffer that is drained onto the response asynchronously every few rows: Kestrel
    /// never sees a synchronous write and memory stays at one buffer, whatever the number of rows.
    /// </summary>
    public static async Task WriteXlsxAsync<T>(Stream output, string sheetName, IReadOnlyList<Column<T>> columns, IAsyncEnumerable<T> rows,
        TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        await using var buffer = new DrainingBuffer(output);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            WritePart(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """);
            WritePart(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            WritePart(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{System.Security.SecurityElement.Escape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            WritePart(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """);
            WritePart(zip, "xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font/><font><b/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>
                """);
            await buffer.DrainAsync(cancellationToken);

            using var stream = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
            const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            xml.WriteStartDocument(standalone: true);
            xml.WriteStartElement(null, "worksheet", Main);
            xml.WriteStartElement(null, "sheetData", Main);
            WriteRow(xml, columns.Select(c => (object?)c.Header), zone, bold: true);
            var count = 0;
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                WriteRow(xml, columns.Select(c => c.Value(row)), zone, bold: false);
                if (++count % 200 == 0)
                {
                    xml.Flush();
                    await buffer.DrainAsync(cancellationToken);
                }
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        await buffer.DrainAsync(cancellationToken);
    }

    private static void WriteRow(XmlWriter xml, IEnumerable<object?> values, TimeZoneInfo zone, bool bold)
    {
        xml.WriteStartElement("row");
        foreach (var value in values)
        {
            xml.WriteStartElement("c");
            if (bold)
            {
                xml.WriteAttributeString("s", "1");
            }

            switch (value)
            {
                case null:
                    break;
                case int or long or double or decimal:
                    xml.WriteElementString("v", Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    xml.WriteAttributeString("t", "inlineStr");
                    xml.WriteStartElement("is");
                    xml.WriteStartElement("t");
                    xml.WriteAttributeString("xml", "space", null, "preserve");
                    xml.WriteString(XmlSafe(Text(value, zone) ?? ""));
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                    break;
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static string? Text(object? value, TimeZoneInfo zone) => value switch
    {
        null => null,
        DateTimeOffset instant => TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>XML 1.0 cannot carry most control characters; the API refuses them in text, but older rows may hold them.</summary>
    private static string XmlSafe(string text) =>
        text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? new string([.. text.Select(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r') ? '\uFFFD' : c)]) : text;

    private static void WritePart(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(new UTF8Encoding(false).GetBytes(content));
    }

    /// <summary>A write-only stream that keeps what is written until <see cref="DrainAsync"/> sends it on asynchronously.</summary>
    private sealed class DrainingBuffer(Stream target) : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public async Task DrainAsync(CancellationToken cancellationToken)
        {
            if (_pending.Length > 0)
            {
                await target.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
                _pending.SetLength(0);
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _pending.Write(buffer, offset, count);
            _written += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _pending.Write(buffer);
            _written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _pending.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// An export as an endpoint's answer: sets the file's type and name, then streams the rows. The first row is read before a byte is
/// written, so that a query that fails or is stopped before it (the database down, the request over its time limit) still gets its
/// problem answer rather than a 200 cut short; once the file has begun, a failure can only cut it.
/// </summary>
public sealed class ExportResult<T>(string format, string fileName, IReadOnlyList<Column<T>> columns, IAsyncEnumerable<T> rows, TimeZoneInfo zone)
    : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        await using var pending = rows.GetAsyncEnumerator(ct);
        var any = await pending.MoveNextAsync();
        response.ContentType = format == ExportFormats.Csv
            ? ExportFormats.CsvContentType + "; charset=utf-8"
            : ExportFormats.XlsxContentType;
        response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = $"{fileName}.{format}",
            FileName = $"{fileName}.{format}",
        }.ToString();
        if (format == ExportFormats.Csv)
        {
            await TableExport.WriteCsvAsync(response.Body, columns, Resume(pending, any), zone, ct);
        }
        else
        {
            await TableExport.WriteXlsxAsync(response.Body, fileName.Length > 31 ? fileName[..31] : fileName, columns, Resume(pending, any), zone, ct);
        }
    }

    private static async IAsyncEnumerable<T> Resume(IAsyncEnumerator<T> rows, bool hasCurrent)
    {
        for (var more = hasCurrent; more; more = await rows.MoveNextAsync())
        {
            yield return rows.Current;
        }
    }
}

using System.Text;
using Dispatch.Api.Exports;

namespace Dispatch.Tests.Unit;

/// <summary>
/// The CSV export byte for byte. A spreadsheet user's macros and a district's import scripts read these files, so a new CSV
/// library (or a new version of one) must write the same bytes; this pins them for a small input with every kind of value and
/// every character the writer has to quote or escape.
/// </summary>
[Category("Unit")]
public sealed class TableExportSpecs
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private sealed record Row(string? Text, object? Value);

    private static readonly IReadOnlyList<Column<Row>> Columns =
    [
        new("说明", r => r.Text),
        new("value, raw", r => r.Value),
    ];

    private static readonly Row[] Rows =
    [
        new("plain", "城市管理局"),
        new("null", null),
        new("empty", ""),
        new("int", 42),
        new("negative", -7),
        new("decimal", 0.1250m),
        new("double", 1.5d),
        new("instant", new DateTimeOffset(2026, 10, 31, 16, 30, 5, TimeSpan.Zero)),
        new("date", new DateOnly(2026, 10, 1)),
        new("comma", "a,b"),
        new("quote", "他说\"好\""),
        new("line feed", "第一行\n第二行"),
        new("crlf", "x\r\ny"),
        new("spaces", " padded "),
        new("formula", "=HYPERLINK(\"http://x\")"),
        new("plus", "+86 138"),
        new("at", "@sum"),
        new("tab", "\tlead"),
        new("inner tab", "a\tb"),
        new(null, "text column null"),
    ];

    private static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    [Test]
    public async Task A_CSV_export_is_UTF8_with_a_BOM_CRLF_lines_RFC_4180_quoting_and_formulas_escaped()
    {
        using var output = new MemoryStream();

        await TableExport.WriteCsvAsync(output, Columns, Stream(Rows), Shanghai, CancellationToken.None);

        const string Expected =
            "说明,\"value, raw\"\r\n" +
            "plain,城市管理局\r\n" +
            "null,\r\n" +
            "empty,\r\n" +
            "int,42\r\n" +
            "negative,\"'-7\"\r\n" +
            "decimal,0.1250\r\n" +
            "double,1.5\r\n" +
            "instant,2026-11-01 00:30:05\r\n" +
            "date,2026-10-01\r\n" +
            "comma,\"a,b\"\r\n" +
            "quote,\"他说\"\"好\"\"\"\r\n" +
            "line feed,\"第一行\n第二行\"\r\n" +
            "crlf,\"x\r\ny\"\r\n" +
            "spaces,\" padded \"\r\n" +
            "formula,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n" +
            "plus,\"'+86 138\"\r\n" +
            "at,\"'@sum\"\r\n" +
            "tab,\"'\tlead\"\r\n" +
            "inner tab,a\tb\r\n" +
            ",text column null\r\n";
        byte[] expected = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Expected)];
        Assert.That(output.ToArray(), Is.EqualTo(expected), () => "written:\n" + Encoding.UTF8.GetString(output.ToArray()));
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Dispatch.Workers.Knowledge;

namespace Dispatch.Api.Imports;

/// <summary>
/// Reads knowledge entries from a CSV (UTF-8, comma-separated, a header row) or XLSX file (the first sheet, a header row): one entry a
/// row, the columns named as the export names them (title, content, keywords, categoryCode, materialType, departmentCode, scope,
/// validFrom, validUntil) or in Chinese (标题, 内容, 关键词, 分类, 材料类型, 所属部门, 适用范围, 生效日期, 失效日期), in any order; other
/// columns (the export's id, status, version, names) are ignored, so an export imports as it is. Keywords and scope hold several
/// values separated by ; ， 、 , or |. Rows with every cell empty are skipped. Problems with the file itself are named under
/// <c>file</c>; a row's under <c>rows[i]</c>, i counting data rows from 0 (spreadsheet line i + 2).
/// </summary>
public static partial class KnowledgeSheet
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    /// <summary>Largest file taken, in bytes: a thousand long answers fit several times over.</summary>
    public const long MaxFileBytes = 32L * 1024 * 1024;

    /// <summary>What an XLSX may unpack to at most (a few hundred KB per thousand ordinary rows; a zip bomb stops here).</summary>
    private const long MaxUnpackedBytes = 256L * 1024 * 1024;

    private static readonly Dictionary<string, string> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = "title", ["标题"] = "title",
        ["content"] = "content", ["内容"] = "content", ["答复内容"] = "content",
        ["keywords"] = "keywords", ["关键词"] = "keywords",
        ["categoryCode"] = "categoryCode", ["分类"] = "categoryCode", ["分类代码"] = "categoryCode",
        ["materialType"] = "materialType", ["材料类型"] = "materialType",
        ["departmentCode"] = "departmentCode", ["所属部门"] = "departmentCode", ["部门代码"] = "departmentCode",
        ["scope"] = "scope", ["适用范围"] = "scope",
        ["validFrom"] = "validFrom", ["生效日期"] = "validFrom",
        ["validUntil"] = "validUntil", ["失效日期"] = "validUntil",
    };

    private static readonly string[] Required = ["title", "content", "categoryCode", "materialType"];

    /// <summary>The rows of <paramref name="file"/> (<see cref="Csv"/> or <see cref="Xlsx"/>), or the problems that stop it being read at all.</summary>
    public static (IReadOnlyList<KnowledgeInput> Rows, Dictionary<string, string[]> Errors) Read(byte[] file, string format, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (format == Csv && !System.Text.Unicode.Utf8.IsValid(file))
        {
            return ([], FileProblem("Not UTF-8 text: save it as \"CSV UTF-8\" (Excel) or send the .xlsx."));
        }

        List<string[]>? table;
        try
        {
            table = format == Xlsx ? ReadXlsx(file) : ReadCsv(file);
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException or OpenXmlPackageException or FormatException or System.Xml.XmlException
                                   or InvalidOperationException or ArgumentException)
        {
            return ([], FileProblem(format == Xlsx
                ? "Not an XLSX workbook this import can read (save it again from Excel or WPS as .xlsx)."
                : "Not a CSV file this import can read (quotes must be balanced)."));
        }

        if (table is null)
        {
            return ([], FileProblem("The workbook unpacks to more than 256 MB."));
        }

        if (table.Count == 0)
        {
            return ([], FileProblem("The file is empty: a header row, then one entry a row."));
        }

        var header = table[0].Select(h => Columns.GetValueOrDefault(h.Trim())).ToArray();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            return ([], FileProblem($"The header row lacks {string.Join(", ", missing)}; the columns are title, content, keywords, categoryCode, " +
                                    "materialType, departmentCode, scope, validFrom, validUntil (or 标题, 内容, 关键词, 分类, 材料类型, 所属部门, 适用范围, 生效日期, 失效日期)."));
        }

        var data = table.Skip(1).Where(r => r.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (data.Count == 0)
        {
            return ([], FileProblem("The file has a header but no entries."));
        }

        if (data.Count > maxRows)
        {
            return ([], new Dictionary<string, string[]>
            {
                ["rows"] = [string.Create(CultureInfo.InvariantCulture, $"At most {maxRows:N0} rows a file (this has {data.Count:N0}); split it.")],
            });
        }

        var rows = data.Select(cells =>
        {
            string? Cell(string column)
            {
                var index = Array.IndexOf(header, column);
                return index < 0 || index >= cells.Length || string.IsNullOrWhiteSpace(cells[index]) ? null : Unescaped(cells[index]);
            }

            return new KnowledgeInput(Cell("title"), Cell("content"), List(Cell("keywords")), Cell("categoryCode")?.Trim(), Cell("materialType")?.Trim(),
                Cell("departmentCode")?.Trim(), List(Cell("scope")), DateCell(Cell("validFrom")?.Trim()),
                DateCell(Cell("validUntil")?.Trim()));
        }).ToList();
        return (rows, []);
    }

    /// <summary>The format of an upload from its content type, else from its file name's extension; null when it is neither.</summary>
    public static string? FormatOf(string? contentType, string? fileName)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            "text/csv" or "application/csv" => Csv,
            Exports.ExportFormats.XlsxContentType => Xlsx,
            _ when Path.GetExtension(fileName ?? "").ToLowerInvariant() is ".csv" => Csv,
            _ when Path.GetExtension(fileName ?? "").ToLowerInvariant() is ".xlsx" => Xlsx,
            _ => null,
        };
    }

    /// <summary>The separator the export writes between keywords and between scope codes.</summary>
    public const string ListSeparator = ";";

    private static List<string?>? List(string? cell) =>
        cell is null ? null : [.. ListSeparators().Split(cell).Select(v => v.Trim()).Where(v => v.Length > 0)];

    /// <summary>A CSV export escapes text that starts like a formula with a quote (CSV injection): read back, the quote goes.</summary>
    private static string Unescaped(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? cell[1..] : cell;

    private static Dictionary<string, string[]> FileProblem(string problem) => new() { ["file"] = [problem] };

    private static List<string[]> ReadCsv(byte[] file)
    {
        var table = new List<string[]>();
        using var csv = CsvReader.Create(new MemoryStream(file, writable: false), CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            MalformedData = CsvMalformedDataHandling.Throw,
        }, leaveOpen: false);
        while (csv.Read())
        {
            var row = new string[csv.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = csv.GetString(i);
            }

            table.Add(row);
            if (table.Count > KnowledgeWork.MaxImportRows + 1_000)
            {
                break;
            }
        }

        return table;
    }

    /// <summary>The first sheet's cells by row; null when the workbook unpacks to more than <see cref="MaxUnpackedBytes"/>.</summary>
    private static List<string[]>? ReadXlsx(byte[] file)
    {
        using (var zip = new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read))
        {
            if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
            {
                return null;
            }
        }

        using var workbook = SpreadsheetDocument.Open(new MemoryStream(file, writable: false), isEditable: false);
        var book = workbook.WorkbookPart ?? throw new InvalidDataException("No workbook.");
        var first = book.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("No sheet.");
        var sheet = (WorksheetPart)book.GetPartById(first.Id!.Value!);
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var table = new List<string[]>();
        foreach (var row in sheet.Worksheet.Descendants<Row>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                while (cells.Count < column)
                {
                    cells.Add("");
                }

                cells.Add(Text(cell, shared));
            }

            var line = (int)(row.RowIndex?.Value ?? (uint)(table.Count + 1));
            while (table.Count < line - 1)
            {
                table.Add([]);
            }

            table.Add([.. cells]);
            if (table.Count > KnowledgeWork.MaxImportRows + 1_000)
            {
                break;
            }
        }

        return table;
    }

    private static string Text(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(cell.CellValue?.Text, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < shared.Count ? shared[index] : "";
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        return cell.CellValue?.Text ?? "";
    }

    /// <summary>A date typed into Excel is stored as a number of days (1900 system): a date column reads it back as yyyy-MM-dd.</summary>
    private static string? DateCell(string? value) =>
        value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days is > 36_000 and < 80_000
            ? DateOnly.FromDateTime(DateTime.FromOADate(days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value;

    /// <summary>"C12" → 2.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return Math.Max(0, index - 1);
    }

    [GeneratedRegex("[;；,，、|]")]
    private static partial Regex ListSeparators();
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dispatch.Api.Apis.Knowledge;
using Dispatch.Tests.Support;
using Dispatch.Workers.Storage;
using static Dispatch.Tests.Integration.Knowledge.KnowledgeClient;

namespace Dispatch.Tests.Integration.Knowledge;

/// <summary>
/// Spreadsheets in and out: an import of CSV or XLSX is all or nothing with every bad row and field named; what is exported imports into
/// an empty knowledge base as the same entries.
/// </summary>
[Category("Integration")]
public sealed class KnowledgeTransferSpecs : HotlineFixture
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Header = "title,content,keywords,categoryCode,materialType,departmentCode,scope,validFrom,validUntil";

    protected override bool WithWorkers => false;

    private static string Csv(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    private static string Row(string title, string category = "100102", string material = "guide", string department = "HOUSING",
        string keywords = "公积金;提取", string scope = "DM", string validFrom = "2026-01-01", string validUntil = "") =>
        $"{title},\"携带身份证办理，答复内容含逗号，和\"\"引号\"\"。\",{keywords},{category},{material},{department},{scope},{validFrom},{validUntil}";

    private static async Task<HttpResponseMessage> Import(HttpClient api, byte[] file, string contentType, string query = "")
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await api.PostAsync(new Uri("/api/knowledge/import" + query, UriKind.Relative), content);
    }

    private Task<long> Versions() => Db.ScalarAsync<long>("select count(*) from knowledge_entry_versions");

    [Test]
    public async Task A_departments_csv_becomes_its_drafts_each_versioned_as_imported()
    {
        var titles = new[] { Title("提取公积金还贷"), Title("提取公积金装修"), Title("提取公积金退休") };

        using var response = await Import(await As("housing.handler"), Encoding.UTF8.GetBytes(Csv([.. titles.Select(t => Row(t))])), "text/csv");
        var imported = (await response.Content.ReadFromJsonAsync<KnowledgeImportView>(ApiClient.Json))!;
        var first = await (await As("housing.handler")).GetAsync(imported.Ids[0]);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((imported.Imported, imported.Status), Is.EqualTo((3, "draft")));
            Assert.That((first!.Title, first.Content, first.Keywords), Is.EqualTo((titles[0], "携带身份证办理，答复内容含逗号，和\"引号\"。", (IReadOnlyList<string>)["公积金", "提取"])));
            Assert.That(first.Versions!.Select(v => (v.Action, v.ChangedBy)), Is.EqualTo(new[] { ("imported", "handler:housing.handler@HOUSING") }));
        });
    }

    [Test]
    public async Task A_file_with_bad_rows_imports_nothing_and_names_every_bad_row_and_field()
    {
        var existing = await (await As("housing.handler")).CreateAsync(Entry(Title("已有的条目")));
        var good = Title("好的一行");
        var before = await Versions();

        using var response = await Import(await As("housing.handler"), Encoding.UTF8.GetBytes(Csv(
            Row(good),
            Row(new string('长', 129)),
            Row(Title("坏分类"), category: "100100", material: "faq"),
            Row(Title("别的部门"), department: "ENV", scope: "DM;MARS"),
            Row(good),
            Row(existing.Title),
            Row(Title("日期反了"), validFrom: "2026-12-31", validUntil: "2026-01-01"))), "text/csv");
        var errors = (await response.ProblemAsync()).GetProperty("errors");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(errors.GetProperty("rows[4].title")[0].GetString(), Does.Contain("rows[0]"));
            Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[]
            {
                "rows[1].title", "rows[2].categoryCode", "rows[2].materialType", "rows[3].departmentCode", "rows[3].scope[1]", "rows[4].title",
                "rows[5].title", "rows[6].validUntil",
            }));
            Assert.That(errors.GetProperty("rows[5].title")[0].GetString(), Does.Contain($"Entry {existing.Id}"));
            Assert.That(await Versions(), Is.EqualTo(before), "nothing written");
        });
    }

    [Test]
    public async Task A_file_that_cannot_be_read_is_named_as_the_file()
    {
        var handler = await As("housing.handler");

        using var gbk = await Import(handler, [0xB9, 0xAB, 0xBB, 0xFD, 0xBD, 0xF0, 0x2C, 0x0A], "text/csv");
        using var noHeader = await Import(handler, Encoding.UTF8.GetBytes("名称,正文\r\n停水,答复\r\n"), "text/csv");
        using var notXlsx = await Import(handler, Encoding.UTF8.GetBytes("not a zip"), Xlsx);
        using var tooMany = await Import(handler, Encoding.UTF8.GetBytes(Csv([.. Enumerable.Range(0, 1_001).Select(i => Row($"批量{i}"))])), "text/csv");
        using var json = await Import(handler, Encoding.UTF8.GetBytes("{}"), "application/json");

        Assert.Multiple(async () =>
        {
            Assert.That((await gbk.ProblemAsync()).GetProperty("errors").GetProperty("file")[0].GetString(), Does.Contain("UTF-8"));
            Assert.That((await noHeader.ProblemAsync()).GetProperty("errors").GetProperty("file")[0].GetString(), Does.Contain("title"));
            Assert.That((await notXlsx.ProblemAsync()).GetProperty("errors").TryGetProperty("file", out _), Is.True);
            Assert.That((await tooMany.ProblemAsync()).GetProperty("errors").GetProperty("rows")[0].GetString(), Does.Contain("1,000"));
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        });
    }

    [Test]
    public async Task Only_an_editor_publishes_on_import()
    {
        using var byHandler = await Import(await As("housing.handler"), Encoding.UTF8.GetBytes(Csv(Row(Title("想直接发布")))), "text/csv", "?publish=true");
        using var byEditor = await Import(await As("editor1"), Encoding.UTF8.GetBytes(Csv(Row(Title("编辑直接发布")))), "text/csv", "?publish=true");
        using var byAgent = await Import(await As("agent1"), Encoding.UTF8.GetBytes(Csv(Row(Title("接线员导入")))), "text/csv");

        Assert.Multiple(async () =>
        {
            Assert.That(byHandler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await byEditor.Content.ReadFromJsonAsync<KnowledgeImportView>(ApiClient.Json))!.Status, Is.EqualTo("published"));
            Assert.That(byAgent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task What_is_exported_as_csv_or_xlsx_imports_into_an_empty_base_as_the_same_entries()
    {
        var editor = await As("editor1");
        // Two departments' entries of every shape: defaults, several scopes and keywords, an end of validity, text that looks like a formula.
        var csvSide = new List<KnowledgeEntryView>
        {
            await editor.CreateAsync(Entry(Title("导出一"), department: "WATER", category: "070101", keywords: ["停水", "没水"], scope: ["DM-S01", "DM-S02-C01"])),
            await PublishedAsync(editor, editor, Entry(Title("导出二"), department: "WATER", category: "070102", content: "-先放水3分钟\n=再观察水质",
                validFrom: "2026-02-01", validUntil: "2027-01-31")),
        };
        var xlsxSide = new List<KnowledgeEntryView>
        {
            await editor.CreateAsync(Entry(Title("导出三"), department: "POWER", category: "070201", keywords: ["停电", "ＡＰＰ"])),
            await PublishedAsync(editor, editor, Entry(Title("导出四"), department: "POWER", category: "070202", content: "@供电所 24小时抢修；\t电话88604400",
                validUntil: "2030-12-31")),
        };

        var csv = await editor.GetByteArrayAsync(new Uri("/api/knowledge/export?format=csv&departmentCode=WATER", UriKind.Relative));
        var xlsx = await editor.GetByteArrayAsync(new Uri("/api/knowledge/export?format=xlsx&departmentCode=POWER", UriKind.Relative));

        await using var empty = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var other = await DispatchSystem.StartAsync(empty, withWorkers: false);
        var otherEditor = await other.As("editor1");
        using var importedCsv = await Import(otherEditor, csv, "text/csv");
        using var importedXlsx = await Import(otherEditor, xlsx, "application/octet-stream", "?fileName=knowledge.xlsx");
        var list = (await otherEditor.GetFromJsonAsync<KnowledgeListView>("/api/knowledge?pageSize=100", ApiClient.Json))!;

        static string Fields(KnowledgeEntryView e) => string.Join(" | ", e.Title, e.Content, string.Join(",", e.Keywords), e.CategoryCode, e.MaterialType,
            e.DepartmentCode, string.Join(",", e.Scope), e.ValidFrom.ToString("O", CultureInfo.InvariantCulture), e.ValidUntil?.ToString("O", CultureInfo.InvariantCulture));

        Assert.Multiple(() =>
        {
            Assert.That(importedCsv.StatusCode, Is.EqualTo(HttpStatusCode.Created), importedCsv.Content.ReadAsStringAsync().Result);
            Assert.That(importedXlsx.StatusCode, Is.EqualTo(HttpStatusCode.Created), importedXlsx.Content.ReadAsStringAsync().Result);
            Assert.That(list.Items.Select(Fields), Is.EquivalentTo(csvSide.Concat(xlsxSide).Select(Fields)));
        });
    }
}

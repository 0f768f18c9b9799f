using System.Text.Json;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// A report that answers CSV or XLSX with <c>?format=</c> says so in the OpenAPI document, beside its JSON, so that a client generated
/// from it can ask for the file; one that answers JSON only says that alone.
/// </summary>
[Category("Integration")]
public sealed class OpenApiExportSpecs : HotlineFixture
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    protected override bool WithWorkers => false;

    [TestCase("/api/reports/kpi")]
    [TestCase("/api/reports/ranking")]
    [TestCase("/api/reports/live")]
    [TestCase("/api/reports/hotspots")]
    public async Task A_report_declares_its_files_beside_its_JSON(string path)
    {
        var ok = await OkContentAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(ok.EnumerateObject().Select(c => c.Name), Is.EquivalentTo(new[] { "application/json", "text/csv", Xlsx }));
            Assert.That(ok.GetProperty("application/json").GetProperty("schema").TryGetProperty("$ref", out _), Is.True, "the report's JSON schema stays");
            foreach (var file in new[] { "text/csv", Xlsx })
            {
                var schema = ok.GetProperty(file).GetProperty("schema");
                Assert.That((schema.GetProperty("type").GetString(), schema.GetProperty("format").GetString()), Is.EqualTo(("string", "binary")), file);
            }
        });
    }

    [Test]
    public async Task The_definitions_answer_JSON_only() =>
        Assert.That((await OkContentAsync("/api/reports/definitions")).EnumerateObject().Select(c => c.Name), Is.EqualTo(new[] { "application/json" }));

    private async Task<JsonElement> OkContentAsync(string path)
    {
        using var document = JsonDocument.Parse(await Hotline.Api.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        return document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").Clone();
    }
}

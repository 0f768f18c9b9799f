using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Exports;
using Dispatch.Api.Imports;
using Dispatch.Api.Limits;
using Dispatch.Api.Validation;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis.Knowledge;

/// <summary>
/// Moving entries in and out as spreadsheets: an import of up to 1,000 rows (CSV or XLSX, <see cref="KnowledgeSheet"/>), all or nothing,
/// every bad row and field named; an export in the same columns, so that what is exported imports again as it is.
/// </summary>
public static class KnowledgeTransferApi
{
    public static RouteGroupBuilder MapKnowledgeTransferApi(this RouteGroupBuilder knowledge, RouteGroupBuilder writers)
    {
        ArgumentNullException.ThrowIfNull(writers);
        writers.MapPost("/import", Import).WithName("ImportKnowledgeEntries")
            .Accepts<Stream>("text/csv", ExportFormats.XlsxContentType, "application/octet-stream")
            .WithMetadata(new RequestSizeLimitAttribute(KnowledgeSheet.MaxFileBytes))
            .WithRequestTimeout(RequestLimits.ExportTimeout)
            .WithSummary("Up to 1,000 entries from a CSV (UTF-8) or XLSX file sent as the body (Content-Type text/csv or the XLSX type; or " +
                         "?fileName=x.csv|x.xlsx): a header row, then an entry a row, in the export's columns. All or nothing: a 400 names every bad " +
                         "row and field (rows[12].title). Drafts, or published at once when an editor asks ?publish=true.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        writers.MapGet("/export", Export).WithName("ExportKnowledgeEntries")
            .Produces<Stream>(StatusCodes.Status200OK, ExportFormats.CsvContentType, ExportFormats.XlsxContentType)
            .RequireRateLimiting(ExportsPolicy.Name).WithRequestTimeout(RequestLimits.ExportTimeout)
            .WithSummary("The entries as CSV or XLSX, streamed: ?format=csv|xlsx with the list's filters (?status= &departmentCode= &categoryCode= &q=). " +
                         "A handler exports their department's, an editor all. The columns import again as they are.");
        return knowledge;
    }

    public static async Task<Results<Created<KnowledgeImportView>, ValidationProblem, ProblemHttpResult>> Import(bool? publish, string? fileName,
        HttpRequest request, KnowledgeWork work, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = KnowledgeSheet.FormatOf(request.ContentType, fileName);
        if (format is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send a CSV or XLSX file.",
                detail: $"The body's Content-Type is text/csv or {ExportFormats.XlsxContentType} (or name the file: ?fileName=entries.xlsx).");
        }

        var file = await ReadAsync(request.Body, KnowledgeSheet.MaxFileBytes, cancellationToken);
        if (file is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
                detail: $"At most {KnowledgeSheet.MaxFileBytes / 1024 / 1024} MB; split it.");
        }

        var (rows, errors) = KnowledgeSheet.Read(file, format, KnowledgeWork.MaxImportRows);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Nothing was imported.");
        }

        return await work.ImportAsync(user.ToActor(), rows, publish ?? false, cancellationToken) switch
        {
            KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Done done => TypedResults.Created($"/api/knowledge?status={done.Value[0].Status}",
                new KnowledgeImportView(done.Value.Count, done.Value[0].Status, [.. done.Value.Select(e => e.Id)])),
            KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems,
                title: "Nothing was imported.", detail: "rows[i] is the file's data row i, counted from 0: spreadsheet line i + 2 (line 1 is the header)."),
            var refused => KnowledgeApi.Refused<Created<KnowledgeImportView>, IReadOnlyList<KnowledgeEntry>>(refused, "Nothing was imported."),
        };
    }

    public static async Task<Results<ExportResult<KnowledgeEntry>, ValidationProblem>> Export(string? format, string? status, string? departmentCode,
        string? categoryCode, string? q, KnowledgeStore store, CatalogueStore catalogues, TimeProvider clock, IOptions<HotlineOptions> hotline,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var output = fields.OneOf("format", format, ExportFormats.Files, required: true);
        var actor = user.ToActor();
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var filter = KnowledgeApi.Filter(fields, status, departmentCode, categoryCode, q, null, null, actor, catalogue, LocalToday.Of(clock, hotline.Value));
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The export was not run.");
        }

        return new ExportResult<KnowledgeEntry>(output!, $"knowledge-{LocalToday.Of(clock, hotline.Value):yyyyMMdd}", Columns(catalogue),
            store.AllAsync(filter!, cancellationToken), hotline.Value.TimeZone);
    }

    /// <summary>The export's columns: what an import reads first, then what it ignores (id, names, status, version, who and when).</summary>
    public static IReadOnlyList<Column<KnowledgeEntry>> Columns(Dispatch.Workers.Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return
        [
            new("title", e => e.Title), new("content", e => e.Content), new("keywords", e => string.Join(KnowledgeSheet.ListSeparator, e.Keywords)),
            new("categoryCode", e => e.CategoryCode), new("materialType", e => e.MaterialType), new("departmentCode", e => e.DepartmentCode),
            new("scope", e => string.Join(KnowledgeSheet.ListSeparator, e.Scope)), new("validFrom", e => e.ValidFrom), new("validUntil", e => e.ValidUntil),
            new("id", e => e.Id), new("categoryName", e => catalogue.Categories.GetValueOrDefault(e.CategoryCode)?.Name),
            new("departmentName", e => catalogue.Departments.GetValueOrDefault(e.DepartmentCode)?.Name), new("status", e => e.Status),
            new("version", e => e.Version), new("updatedAt", e => e.UpdatedAt), new("updatedBy", e => e.UpdatedBy),
        ];
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Catalogue;

namespace Dispatch.Api.Apis.Administration;

/// <summary>Areas (district › street › community › grid) as administrators edit them (admin role), as <see cref="CatalogueEntryApi{TRequest, TDraft, TRecord}"/> serves a catalogue entry.</summary>
public static class AreasApi
{
    private static readonly CatalogueEntryApi<AreaRequest, AreaDraft, AreaRecord> Areas = new("areas", "Area", "The area was not saved.", Draft,
        (admin, ct) => admin.AreasAsync(ct), (admin, draft, version, actor, ct) => admin.SaveAreaAsync(draft, version, actor, ct), a => a.Code);

    public static IEndpointRouteBuilder MapAreasApi(this IEndpointRouteBuilder app) => Areas.Map(app, ApiTags.Areas,
        listSummary: "Every area with its level, parent and version.",
        createSummary: "Adds an area: {code, name, level: district|street|community|grid, parentCode}; it lies in an area of the level above.",
        editSummary: "A new version of an area (same body without the code, with the version it was edited from).");

    private static AreaDraft? Draft(Fields fields, string? code, AreaRequest body)
    {
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        var level = fields.OneOf("level", body.Level, [AreaLevels.District, AreaLevels.Street, AreaLevels.Community, AreaLevels.Grid], required: true);
        var parent = fields.Code("parentCode", body.ParentCode, required: false);
        return code is null || name is null || level is null ? null : new AreaDraft(code, name, level, parent);
    }
}

public sealed record AreaRequest(string? Code, int? Version, string? Name, string? Level, string? ParentCode) : ICatalogueEntryRequest;

using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Catalogue;

namespace Dispatch.Api.Apis.Administration;

/// <summary>Departments as administrators edit them (admin role), as <see cref="CatalogueEntryApi{TRequest, TDraft, TRecord}"/> serves a catalogue entry.</summary>
public static class DepartmentsApi
{
    private static readonly CatalogueEntryApi<DepartmentRequest, DepartmentDraft, DepartmentRecord> Departments = new("departments", "Department",
        "The department was not saved.", Draft, (admin, ct) => admin.DepartmentsAsync(ct),
        (admin, draft, version, actor, ct) => admin.SaveDepartmentAsync(draft, version, actor, ct), d => d.Code);

    public static IEndpointRouteBuilder MapDepartmentsApi(this IEndpointRouteBuilder app) => Departments.Map(app, ApiTags.Departments,
        listSummary: "Every department, active or not, with its parent, kind, calendar and version.",
        createSummary: "Adds a department: {code, name, parentCode, kind, calendarCode, active}.",
        editSummary: "A new version of a department (same body without the code, with the version it was edited from).");

    private static DepartmentDraft? Draft(Fields fields, string? code, DepartmentRequest body)
    {
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        var parent = fields.Code("parentCode", body.ParentCode, required: false);
        var kind = fields.OneOf("kind", body.Kind, DepartmentKinds.All, required: true);
        var calendar = fields.Code("calendarCode", body.CalendarCode, required: false);
        return code is null || name is null || kind is null ? null : new DepartmentDraft(code, name, parent, kind, calendar, body.Active ?? true);
    }
}

public sealed record DepartmentRequest(string? Code, int? Version, string? Name, string? ParentCode, string? Kind, string? CalendarCode, bool? Active)
    : ICatalogueEntryRequest;

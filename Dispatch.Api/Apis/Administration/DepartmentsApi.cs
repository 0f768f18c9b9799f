using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>Departments as administrators edit them (admin role). Codes never change and nothing is deleted: cases refer to them.</summary>
public static class DepartmentsApi
{
    public static IEndpointRouteBuilder MapDepartmentsApi(this IEndpointRouteBuilder app)
    {
        var departments = app.MapAdminGroup("departments", ApiTags.Departments);
        departments.MapGet("/", List).WithName("ListDepartmentRecords")
            .WithSummary("Every department, active or not, with its parent, kind, calendar and version.");
        departments.MapPost("/", Create).WithName("CreateDepartment")
            .WithSummary("Adds a department: {code, name, parentCode, kind, calendarCode, active}.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        departments.MapPut("/{code}", Edit).WithName("EditDepartment")
            .WithSummary("A new version of a department (same body without the code, with the version it was edited from).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<DepartmentRecord>>> List(CatalogueAdministration admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.DepartmentsAsync(cancellationToken));

    public static async Task<Results<Created<DepartmentDraft>, ValidationProblem, ProblemHttpResult>> Create(DepartmentRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, fields.Code("code", body.Code, required: true), body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Created(await admin.SaveDepartmentAsync(draft!, null, user.ToActor().ToString(), cancellationToken),
            d => $"/api/admin/departments/{d.Code}", Title);
    }

    public static async Task<Results<Ok<DepartmentDraft>, ValidationProblem, ProblemHttpResult>> Edit(string code, DepartmentRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, code, body);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Changed(await admin.SaveDepartmentAsync(draft!, version, user.ToActor().ToString(), cancellationToken), Title);
    }

    private const string Title = "The department was not saved.";

    private static DepartmentDraft? Draft(Fields fields, string? code, DepartmentRequest body)
    {
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        var parent = fields.Code("parentCode", body.ParentCode, required: false);
        var kind = fields.OneOf("kind", body.Kind, DepartmentKinds.All, required: true);
        var calendar = fields.Code("calendarCode", body.CalendarCode, required: false);
        return code is null || name is null || kind is null ? null : new DepartmentDraft(code, name, parent, kind, calendar, body.Active ?? true);
    }
}

public sealed record DepartmentRequest(string? Code, int? Version, string? Name, string? ParentCode, string? Kind, string? CalendarCode, bool? Active);

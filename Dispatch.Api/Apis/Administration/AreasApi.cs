using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>Areas (district › street › community › grid) as administrators edit them (admin role).</summary>
public static class AreasApi
{
    public static IEndpointRouteBuilder MapAreasApi(this IEndpointRouteBuilder app)
    {
        var areas = app.MapAdminGroup("areas", ApiTags.Areas);
        areas.MapGet("/", List).WithName("ListAreaRecords")
            .WithSummary("Every area with its level, parent and version.");
        areas.MapPost("/", Create).WithName("CreateArea")
            .WithSummary("Adds an area: {code, name, level: district|street|community|grid, parentCode}; it lies in an area of the level above.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        areas.MapPut("/{code}", Edit).WithName("EditArea")
            .WithSummary("A new version of an area (same body without the code, with the version it was edited from).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<AreaRecord>>> List(CatalogueAdministration admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.AreasAsync(cancellationToken));

    public static async Task<Results<Created<AreaDraft>, ValidationProblem, ProblemHttpResult>> Create(AreaRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, fields.Code("code", body.Code, required: true), body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Created(await admin.SaveAreaAsync(draft!, null, user.ToActor().ToString(), cancellationToken),
            a => $"/api/admin/areas/{a.Code}", Title);
    }

    public static async Task<Results<Ok<AreaDraft>, ValidationProblem, ProblemHttpResult>> Edit(string code, AreaRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, code, body);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Changed(await admin.SaveAreaAsync(draft!, version, user.ToActor().ToString(), cancellationToken), Title);
    }

    private const string Title = "The area was not saved.";

    private static AreaDraft? Draft(Fields fields, string? code, AreaRequest body)
    {
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        var level = fields.OneOf("level", body.Level, [AreaLevels.District, AreaLevels.Street, AreaLevels.Community, AreaLevels.Grid], required: true);
        var parent = fields.Code("parentCode", body.ParentCode, required: false);
        return code is null || name is null || level is null ? null : new AreaDraft(code, name, level, parent);
    }
}

public sealed record AreaRequest(string? Code, int? Version, string? Name, string? Level, string? ParentCode);

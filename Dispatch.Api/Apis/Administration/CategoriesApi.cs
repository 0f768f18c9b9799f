using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>The category catalogue as administrators edit it (admin role): six-digit codes, two per level; a retired category stays.</summary>
public static class CategoriesApi
{
    public static IEndpointRouteBuilder MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        var categories = app.MapAdminGroup("categories", ApiTags.Categories);
        categories.MapGet("/", List).WithName("ListCategoryRecords")
            .WithSummary("Every category, in use or retired, with its parent, level and version.");
        categories.MapPost("/", Create).WithName("CreateCategory")
            .WithSummary("Adds a category: {code (010000 › 010100 › 010101), name, active}; its parent must exist.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        categories.MapPut("/{code}", Edit).WithName("EditCategory")
            .WithSummary("A new version of a category: its name, or active: false to retire it (with the version it was edited from).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<CategoryRecord>>> List(CatalogueAdministration admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.CategoriesAsync(cancellationToken));

    public static async Task<Results<Created<CategoryDraft>, ValidationProblem, ProblemHttpResult>> Create(CategoryRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, fields.Code("code", body.Code, required: true, maxLength: 12), body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Created(await admin.SaveCategoryAsync(draft!, null, user.ToActor().ToString(), cancellationToken),
            c => $"/api/admin/categories/{c.Code}", Title);
    }

    public static async Task<Results<Ok<CategoryDraft>, ValidationProblem, ProblemHttpResult>> Edit(string code, CategoryRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, code, body);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Changed(await admin.SaveCategoryAsync(draft!, version, user.ToActor().ToString(), cancellationToken), Title);
    }

    private const string Title = "The category was not saved.";

    private static CategoryDraft? Draft(Fields fields, string? code, CategoryRequest body)
    {
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        return code is null || name is null ? null : new CategoryDraft(code, name, body.Active ?? true);
    }
}

public sealed record CategoryRequest(string? Code, int? Version, string? Name, bool? Active);

using Dispatch.Api.OpenApi;
using Dispatch.Workers.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis;

/// <summary>The reference lists a client needs to fill its forms.</summary>
public static class CatalogueApi
{
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags(ApiTags.Catalogue).RequireAuthorization();
        group.MapGet("/categories", Categories).WithName("ListCategories")
            .WithSummary("The category catalogue, flat, with each entry's parent and level; leaf = most specific.");
        group.MapGet("/departments", Departments).WithName("ListDepartments")
            .WithSummary("Every department with its parent, kind and calendar: the targets of dispatch and forwarding.");
        group.MapGet("/areas", Areas).WithName("ListAreas")
            .WithSummary("district › street › community › grid, flat, each with its parent.");
        return app;
    }

    public static async Task<Ok<List<CategoryView>>> Categories(CatalogueStore store, CancellationToken cancellationToken)
    {
        var catalogue = await store.GetAsync(cancellationToken);
        var parents = catalogue.Categories.Values.Select(c => c.ParentCode).OfType<string>().ToHashSet();
        return TypedResults.Ok(catalogue.Categories.Values.OrderBy(c => c.Code)
            .Select(c => new CategoryView(c.Code, c.Name, c.ParentCode, c.Level, !parents.Contains(c.Code), c.Active)).ToList());
    }

    public static async Task<Ok<List<Department>>> Departments(CatalogueStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.GetAsync(cancellationToken)).Departments.Values.OrderBy(d => d.Code).ToList());

    public static async Task<Ok<List<Area>>> Areas(CatalogueStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.GetAsync(cancellationToken)).Areas.Values.OrderBy(a => a.Code).ToList());
}

public sealed record CategoryView(string Code, string Name, string? ParentCode, int Level, bool Leaf, bool Active);

using Dispatch.Workers.Catalogue;

namespace Dispatch.Api.Apis;

/// <summary>The reference lists a client needs to fill its forms.</summary>
public static class CatalogueApi
{
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Catalogue").RequireAuthorization();
        group.MapGet("/categories", async (CatalogueStore store, CancellationToken ct) =>
        {
            var catalogue = await store.GetAsync(ct);
            var parents = catalogue.Categories.Values.Select(c => c.ParentCode).OfType<string>().ToHashSet();
            return TypedResults.Ok(catalogue.Categories.Values.OrderBy(c => c.Code)
                .Select(c => new CategoryView(c.Code, c.Name, c.ParentCode, c.Level, !parents.Contains(c.Code), c.Active)).ToList());
        }).WithSummary("The category catalogue, flat, with each entry's parent and level; leaf = most specific.");
        group.MapGet("/departments", async (CatalogueStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.GetAsync(ct)).Departments.Values.OrderBy(d => d.Code).ToList()));
        group.MapGet("/areas", async (CatalogueStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.GetAsync(ct)).Areas.Values.OrderBy(a => a.Code).ToList()))
            .WithSummary("district › street › community › grid, flat, each with its parent.");
        return app;
    }
}

public sealed record CategoryView(string Code, string Name, string? ParentCode, int Level, bool Leaf, bool Active);

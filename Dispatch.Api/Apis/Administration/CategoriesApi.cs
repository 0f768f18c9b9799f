using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Catalogue;

namespace Dispatch.Api.Apis.Administration;

/// <summary>
/// The category catalogue as administrators edit it (admin role), as <see cref="CatalogueEntryApi{TRequest, TDraft, TRecord}"/> serves a
/// catalogue entry: six-digit codes, two per level; a retired category stays.
/// </summary>
public static class CategoriesApi
{
    private static readonly CatalogueEntryApi<CategoryRequest, CategoryDraft, CategoryRecord> Categories = new("categories", "Category",
        "The category was not saved.", Draft, (admin, ct) => admin.CategoriesAsync(ct),
        (admin, draft, version, actor, ct) => admin.SaveCategoryAsync(draft, version, actor, ct), c => c.Code, codeLength: 12);

    public static IEndpointRouteBuilder MapCategoriesApi(this IEndpointRouteBuilder app) => Categories.Map(app, ApiTags.Categories,
        listSummary: "Every category, in use or retired, with its parent, level and version.",
        createSummary: "Adds a category: {code (010000 › 010100 › 010101), name, active}; its parent must exist.",
        editSummary: "A new version of a category: its name, or active: false to retire it (with the version it was edited from).");

    private static CategoryDraft? Draft(Fields fields, string? code, CategoryRequest body)
    {
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        return code is null || name is null ? null : new CategoryDraft(code, name, body.Active ?? true);
    }
}

public sealed record CategoryRequest(string? Code, int? Version, string? Name, bool? Active) : ICatalogueEntryRequest;

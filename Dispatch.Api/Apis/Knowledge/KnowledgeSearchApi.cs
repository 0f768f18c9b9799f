using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Knowledge;

/// <summary>
/// The agent's search of the knowledge base while the caller is on the line: the caller's words as typed (Chinese, one character or a
/// whole sentence), optionally the case's category and area. Only published entries valid today and in scope are found. Every search
/// is recorded in <c>knowledge_searches</c> (role, query, filters, how many were found), written in the background.
/// </summary>
public static class KnowledgeSearchApi
{
    public static RouteGroupBuilder MapKnowledgeSearchApi(this RouteGroupBuilder knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        knowledge.MapGet("/search", Search).WithName("SearchKnowledgeBase")
            .RequireAuthorization(p => p.RequireRole([.. KnowledgeAccess.Searchers]))
            .WithSummary("?q= (1 to 200 characters) &categoryCode= (and below) &areaCode= (entries scoped to it or above it) &limit= (1 to 50, default 10): " +
                         "{items: [{id, title, snippet, score, matched, category, department, validUntil}]}, best first. The snippet is HTML: the " +
                         "entry's text escaped, the matched words in <mark>…</mark>. Nothing is answered when no entry matches enough of the query.");
        return knowledge;
    }

    public static async Task<Results<Ok<KnowledgeSearchView>, ValidationProblem>> Search(string? q, string? categoryCode, string? areaCode, int? limit,
        KnowledgeSearch search, KnowledgeSearchLog log, CatalogueStore catalogues, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var text = fields.Text("q", q, KnowledgeSearch.MaxQueryLength, required: true, allowLineBreaks: false);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var category = fields.Code("categoryCode", categoryCode, required: false, maxLength: 6);
        if (category is not null && !catalogue.Categories.ContainsKey(category))
        {
            fields.Fail("categoryCode", $"No category '{category}'.");
        }

        var area = fields.Code("areaCode", areaCode, required: false);
        if (area is not null && !catalogue.Areas.ContainsKey(area))
        {
            fields.Fail("areaCode", $"No area '{Fields.Shorten(area)}'.");
        }

        if (limit is < 1 or > KnowledgeSearch.MaxLimit)
        {
            fields.Fail("limit", $"From 1 to {KnowledgeSearch.MaxLimit}; {KnowledgeSearch.DefaultLimit} when left out.");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "Nothing was searched.");
        }

        var found = await search.SearchAsync(new KnowledgeQuery(text!, category, area, limit ?? KnowledgeSearch.DefaultLimit), cancellationToken);
        log.Record(new SearchRecord(clock.GetUtcNow(), user.ToActor().Role, text!, category, area, found.Items.Count));
        return TypedResults.Ok(new KnowledgeSearchView(found.Items));
    }
}

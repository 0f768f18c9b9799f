using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Validation;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>What a catalogue entry's body carries besides its own fields: its code (on create; an edit names it in the path).</summary>
internal interface ICatalogueEntryRequest : IVersionedRequest
{
    string? Code { get; }
}

/// <summary>
/// The HTTP shape the three catalogue resources share — departments, areas, categories (admin role): every entry listed at
/// /api/admin/{resource} with its version (<c>List{Entry}Records</c>), an entry added there (<c>Create{Entry}</c>, 201 with its address),
/// and a new version of one at /{code} (<c>Edit{Entry}</c>, with the version it was edited from). Codes never change and nothing is
/// deleted: cases refer to them. A resource says how its body becomes a draft and which of <see cref="CatalogueAdministration"/>'s
/// methods list and save it; the checks against the rest of the catalogue are the administration's.
/// </summary>
internal sealed class CatalogueEntryApi<TRequest, TDraft, TRecord>(
    string resource,
    string entry,
    string title,
    Func<Fields, string?, TRequest, TDraft?> draft,
    Func<CatalogueAdministration, CancellationToken, Task<IReadOnlyList<TRecord>>> list,
    Func<CatalogueAdministration, TDraft, int?, string, CancellationToken, Task<AdminOutcome<TDraft>>> save,
    Func<TDraft, string> codeOf,
    int codeLength = 32)
    where TRequest : class, ICatalogueEntryRequest
    where TDraft : class
{
    /// <summary>The resource's three endpoints under its tag, each with its summary.</summary>
    public IEndpointRouteBuilder Map(IEndpointRouteBuilder app, string tag, string listSummary, string createSummary, string editSummary)
    {
        // As Delegate values: ASP.NET Core 10's route-handler analyzer throws on a handler whose parameters are type parameters
        // (dotnet/aspnetcore#56831, fixed in 11), which fails the build. The endpoints are built from the same methods either way.
        Delegate list = List, create = Create, edit = Edit;
        var entries = app.MapAdminGroup(resource, tag);
        entries.MapGet("/", list).WithName($"List{entry}Records").WithSummary(listSummary);
        entries.MapPost("/", create).WithName($"Create{entry}").WithSummary(createSummary)
            .ProducesProblem(StatusCodes.Status409Conflict);
        entries.MapPut("/{code}", edit).WithName($"Edit{entry}").WithSummary(editSummary)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public async Task<Ok<IReadOnlyList<TRecord>>> List(CatalogueAdministration admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await list(admin, cancellationToken));

    public async Task<Results<Created<TDraft>, ValidationProblem, ProblemHttpResult>> Create(TRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var created = draft(fields, fields.Code("code", body.Code, required: true, maxLength: codeLength), body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: title);
        }

        return AdminAnswers.Created(await save(admin, created!, null, user.ToActor().ToString(), cancellationToken),
            d => $"/api/admin/{resource}/{codeOf(d)}", title);
    }

    public async Task<Results<Ok<TDraft>, ValidationProblem, ProblemHttpResult>> Edit(string code, TRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var edited = draft(fields, code, body);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: title);
        }

        return AdminAnswers.Changed(await save(admin, edited!, version, user.ToActor().ToString(), cancellationToken), title);
    }
}

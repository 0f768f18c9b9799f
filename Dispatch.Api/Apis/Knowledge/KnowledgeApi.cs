using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis.Knowledge;

/// <summary>
/// The knowledge base (知识库): departments' handlers write and submit their entries, the center's editors (知识库管理员) review, publish,
/// return, archive and correct them, the center's desk reads and searches what is published. Every change is a version with who and
/// when, decided on the version the client saw (409 when stale). A handler of another department gets 404 for an entry, as for a case.
/// Search, import and export are in <see cref="KnowledgeSearchApi"/> and <see cref="KnowledgeTransferApi"/>.
/// </summary>
public static class KnowledgeApi
{
    public const int ReasonMaxLength = 500;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var knowledge = app.MapGroup("/api/knowledge").WithTags(ApiTags.Knowledge)
            .RequireAuthorization(p => p.RequireRole([.. KnowledgeAccess.Users]));
        var writers = knowledge.MapGroup("").RequireAuthorization(p => p.RequireRole([.. KnowledgeAccess.Writers]));
        writers.MapPost("/", Create).WithName("CreateKnowledgeEntry")
            .WithSummary("A new entry, as a draft: a handler's for their department (or a sub-unit), an editor's for any department.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        knowledge.MapGet("/", List).WithName("ListKnowledgeEntries")
            .WithSummary("Entries, the most recently changed first: ?status= &departmentCode= &categoryCode= (and below) &q= (in the title) &page= &pageSize=. " +
                         "A handler lists their department's, an editor all, the center's desk the published ones valid today.");
        knowledge.MapGet("/{id:long}", Get).WithName("GetKnowledgeEntry")
            .WithSummary("The entry, with its versions (who did what, when) for its department and the editors.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        writers.MapPut("/{id:long}", Edit).WithName("EditKnowledgeEntry")
            .WithSummary("A new version of the entry's fields (the whole entry, with the version it was edited from). Handlers edit drafts; " +
                         "editors drafts, entries in review and published ones (a published entry stays published and is re-indexed).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writers.MapPost("/{id:long}/submit", Submit).WithName("SubmitKnowledgeEntry")
            .WithSummary("提交审核: a draft goes to the editors for review.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writers.MapPost("/{id:long}/publish", Publish).WithName("PublishKnowledgeEntry")
            .WithSummary("发布 (editors): an entry in review is published; agents find it from its first valid day to its last.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writers.MapPost("/{id:long}/return", Return).WithName("ReturnKnowledgeEntry")
            .WithSummary("退回 (editors): an entry in review, or a published one, goes back to its department as a draft, with a reason.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writers.MapPost("/{id:long}/archive", Archive).WithName("ArchiveKnowledgeEntry")
            .WithSummary("归档 (editors): withdrawn for good, with an optional reason; kept with its versions, never deleted.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writers.MapGet("/expiring", Expiring).WithName("ListExpiringKnowledgeEntries")
            .WithSummary("Published entries whose last valid day is within ?days=N (default 30, at most 366) from today: a handler's " +
                         "department's, an editor's all. The Workers announce each once as KnowledgeEntryExpiring.");
        writers.MapPost("/drafts/from-case/{number}", DraftFromCase).WithName("DraftKnowledgeEntryFromCase")
            .WithSummary("A draft from a closed consultation: its title, category and answer (never the caller). A handler drafts from " +
                         "their department's case, an editor from any.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        knowledge.MapKnowledgeSearchApi();
        knowledge.MapKnowledgeTransferApi(writers);
        return app;
    }

    public static async Task<Results<Created<KnowledgeEntryView>, ValidationProblem, ProblemHttpResult>> Create(KnowledgeEntryRequest body,
        KnowledgeWork work, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var actor = user.ToActor();
        return await work.CreateAsync(actor, body.ToInput(), cancellationToken) switch
        {
            KnowledgeOutcome<KnowledgeEntry>.Done done => TypedResults.Created($"/api/knowledge/{done.Value.Id}",
                KnowledgeEntryView.For(done.Value, actor, await catalogues.GetAsync(cancellationToken))),
            var refused => Refused<Created<KnowledgeEntryView>, KnowledgeEntry>(refused, "The entry was not created."),
        };
    }

    public static async Task<Results<Ok<KnowledgeListView>, ValidationProblem>> List(string? status, string? departmentCode, string? categoryCode,
        string? q, int? page, int? pageSize, KnowledgeStore store, CatalogueStore catalogues, TimeProvider clock, IOptions<HotlineOptions> hotline,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var fields = new Fields();
        var filter = Filter(fields, status, departmentCode, categoryCode, q, page, pageSize, actor, catalogue, LocalToday.Of(clock, hotline.Value));
        if (filter is null)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The entries were not listed.");
        }

        var found = await store.ListAsync(filter, cancellationToken);
        return TypedResults.Ok(new KnowledgeListView([.. found.Items.Select(e => KnowledgeEntryView.For(e, actor, catalogue))], found.Page, found.PageSize,
            found.Total));
    }

    public static async Task<Results<Ok<KnowledgeEntryView>, ProblemHttpResult>> Get(long id, KnowledgeStore store, CatalogueStore catalogues,
        TimeProvider clock, IOptions<HotlineOptions> hotline, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        var catalogue = await catalogues.GetAsync(cancellationToken);
        if (await store.FindAsync(id, cancellationToken) is not { } entry
            || !KnowledgeAccess.CanSee(actor, entry, catalogue, LocalToday.Of(clock, hotline.Value)))
        {
            return NotFound(id);
        }

        var versions = KnowledgeAccess.SeesDrafts(actor) ? await store.VersionsAsync(id, cancellationToken) : null;
        return TypedResults.Ok(KnowledgeEntryView.For(entry, actor, catalogue, versions));
    }

    public static async Task<Results<Ok<KnowledgeEntryView>, ValidationProblem, ProblemHttpResult>> Edit(long id, KnowledgeEntryRequest body,
        KnowledgeWork work, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Version is not >= 1)
        {
            return MissingVersion();
        }

        var actor = user.ToActor();
        return await work.EditAsync(actor, id, body.Version.Value, body.ToInput(), cancellationToken) switch
        {
            KnowledgeOutcome<KnowledgeEntry>.Done done => TypedResults.Ok(KnowledgeEntryView.For(done.Value, actor, await catalogues.GetAsync(cancellationToken))),
            var refused => Refused<Ok<KnowledgeEntryView>, KnowledgeEntry>(refused, "The entry was not changed."),
        };
    }

    public static Task<Results<Ok<KnowledgeEntryView>, ValidationProblem, ProblemHttpResult>> Submit(long id, KnowledgeActionRequest body,
        KnowledgeWork work, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ActAsync(id, body, KnowledgeAction.Submit, reasonRequired: false, work, catalogues, user, cancellationToken);

    public static Task<Results<Ok<KnowledgeEntryView>, ValidationProblem, ProblemHttpResult>> Publish(long id, KnowledgeActionRequest body,
        KnowledgeWork work, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ActAsync(id, body, KnowledgeAction.Publish, reasonRequired: false, work, catalogues, user, cancellationToken);

    public static Task<Results<Ok<KnowledgeEntryView>, ValidationProblem, ProblemHttpResult>> Return(long id, KnowledgeActionRequest body,
        KnowledgeWork work, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ActAsync(id, body, KnowledgeAction.Return, reasonRequired: true, work, catalogues, user, cancellationToken);

    public static Task<Results<Ok<KnowledgeEntryView>, ValidationProblem, ProblemHttpResult>> Archive(long id, KnowledgeActionRequest body,
        KnowledgeWork work, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ActAsync(id, body, KnowledgeAction.Archive, reasonRequired: false, work, catalogues, user, cancellationToken);

    public static async Task<Results<Ok<IReadOnlyList<KnowledgeEntryView>>, ValidationProblem>> Expiring(int? days, KnowledgeStore store,
        CatalogueStore catalogues, TimeProvider clock, IOptions<HotlineOptions> hotline, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (days is < 0 or > 366)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["From 0 to 366 days; 30 when left out."] },
                title: "The entries were not listed.");
        }

        var actor = user.ToActor();
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var today = LocalToday.Of(clock, hotline.Value);
        var found = await store.ExpiringAsync(today, today.AddDays(days ?? 30), KnowledgeAccess.DepartmentsListedFor(actor, catalogue), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<KnowledgeEntryView>>([.. found.Select(e => KnowledgeEntryView.For(e, actor, catalogue))]);
    }

    public static async Task<Results<Created<KnowledgeEntryView>, ValidationProblem, ProblemHttpResult>> DraftFromCase(string number, CaseQueries cases,
        KnowledgeWork work, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return CasesApi.MalformedNumber();
        }

        var actor = user.ToActor();
        return await work.DraftFromCaseAsync(actor, await cases.FindByNumberAsync(number, cancellationToken), cancellationToken) switch
        {
            KnowledgeOutcome<KnowledgeEntry>.Done done => TypedResults.Created($"/api/knowledge/{done.Value.Id}",
                KnowledgeEntryView.For(done.Value, actor, await catalogues.GetAsync(cancellationToken))),
            KnowledgeOutcome<KnowledgeEntry>.NotFound => CasesApi.UnknownNumber(number),
            var refused => Refused<Created<KnowledgeEntryView>, KnowledgeEntry>(refused, "No draft was made."),
        };
    }

    private static async Task<Results<Ok<KnowledgeEntryView>, ValidationProblem, ProblemHttpResult>> ActAsync(long id, KnowledgeActionRequest body,
        KnowledgeAction action, bool reasonRequired, KnowledgeWork work, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var fields = new Fields();
        var version = body.Version;
        if (version is not >= 1)
        {
            fields.Fail("version", "The version you decided on (from the entry); a stale one is refused with 409.");
        }

        var reason = fields.Text("reason", body.Reason, ReasonMaxLength, required: reasonRequired, allowLineBreaks: true);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "Nothing was done.");
        }

        var actor = user.ToActor();
        return await work.ActAsync(actor, id, version!.Value, action, reason, cancellationToken) switch
        {
            KnowledgeOutcome<KnowledgeEntry>.Done done => TypedResults.Ok(KnowledgeEntryView.For(done.Value, actor, await catalogues.GetAsync(cancellationToken))),
            var refused => Refused<Ok<KnowledgeEntryView>, KnowledgeEntry>(refused, "Nothing was done."),
        };
    }

    /// <summary>The filter a list or an export asks for, as <paramref name="actor"/> may have it; null with the problems in <paramref name="fields"/>.</summary>
    internal static KnowledgeFilter? Filter(Fields fields, string? status, string? departmentCode, string? categoryCode, string? q, int? page, int? pageSize,
        Actor actor, Dispatch.Workers.Catalogue.Catalogue catalogue, DateOnly today)
    {
        var state = fields.OneOf("status", status, KnowledgeStatuses.All, required: false);
        var department = fields.Code("departmentCode", departmentCode, required: false);
        if (department is not null && !catalogue.Departments.ContainsKey(department))
        {
            fields.Fail("departmentCode", $"No department '{Fields.Shorten(department)}'.");
        }

        var category = fields.Code("categoryCode", categoryCode, required: false, maxLength: 6);
        if (category is not null && !catalogue.Categories.ContainsKey(category))
        {
            fields.Fail("categoryCode", $"No category '{category}'.");
        }

        var title = fields.Text("q", q, 128, required: false, allowLineBreaks: false);
        if (page is < 1)
        {
            fields.Fail("page", "From 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            fields.Fail("pageSize", $"From 1 to {MaxPageSize}.");
        }

        if (!fields.Ok)
        {
            return null;
        }

        // The center's desk lists what it may read: published, valid today.
        var readerOnly = !KnowledgeAccess.SeesDrafts(actor);
        return new KnowledgeFilter(readerOnly ? null : state, department, category is null ? null : KnowledgeSearch.CategoryPrefix(catalogue, category),
            title, readerOnly ? today : null, KnowledgeAccess.DepartmentsListedFor(actor, catalogue), page ?? 1, pageSize ?? 20);
    }

    internal static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such knowledge entry.", detail: $"There is no knowledge entry {id}.");

    private static ValidationProblem MissingVersion() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["The version you edited (from the entry); a stale one is refused with 409."] },
            title: "The entry was not changed.");

    internal static Results<T, ValidationProblem, ProblemHttpResult> Refused<T, TValue>(KnowledgeOutcome<TValue> outcome, string title)
        where T : IResult => outcome switch
    {
        KnowledgeOutcome<TValue>.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems, title: title),
        KnowledgeOutcome<TValue>.NotFound missing => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: missing.What),
        KnowledgeOutcome<TValue>.Forbidden forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: forbidden.Reason),
        KnowledgeOutcome<TValue>.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: conflict.Reason,
            extensions: new Dictionary<string, object?> { ["allowedActions"] = conflict.AllowedNow }),
        _ => throw new InvalidOperationException($"Unexpected {outcome}."),
    };
}

using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Intake;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Privacy;
using Dispatch.Workers.Access;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>Intake (受理) and reading cases back.</summary>
public static class CasesApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public const string IdempotencyKeyDescription =
        "1 to 100 visible ASCII characters, e.g. a UUID, new for each new request: a retry with the same key and body does nothing twice.";

    /// <summary>The most cases a caller lookup lists.</summary>
    public const int CallerLookupLimit = 50;

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags(ApiTags.Cases).RequireAuthorization();
        cases.MapPost("/", FileCase).WithName("FileCase").RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Dispatcher))
            .WithSummary("Record a call as a case; answers 201 with the case number to read back to the caller. With a directAnswer (an agent " +
                         "answered on the call, citing knowledge entries) the case is filed and closed directly at once, and never dispatched.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        // A POST, so that the phone travels in the body: a query string ends up in proxies' and servers' access logs.
        cases.MapPost("/caller-lookup", LookUpCaller).WithName(PersonalDataEndpoints.LookUpCaller)
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Dispatcher, Roles.Visitor, Roles.Supervisor, Roles.Admin))
            .WithSummary("A caller's earlier cases, newest first: {\"phone\": \"13800138000\"} (the center only). Each case listed is recorded " +
                         "in the personal-data access log.");
        cases.MapGet("/{number}", GetCase).WithName(PersonalDataEndpoints.GetCase)
            .WithSummary("The case as you may see it: a department never sees a confidential caller's identity. A read that shows " +
                         "a caller's name or phone is recorded in the personal-data access log.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{number}/visits", GetVisits).WithName("GetCaseVisits")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Dispatcher, Roles.Visitor, Roles.Supervisor, Roles.Admin))
            .WithSummary("The case's return-visit attempts with the caller's answers and comments (the center only; comments are not in the history).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{number}/history", GetHistory).WithName("GetCaseHistory")
            .WithSummary("The audit trail of the case, oldest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{number}/audit/verify", VerifyAudit).WithName("VerifyCaseAudit")
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin))
            .WithSummary("Recomputes the case's audit hash chain: intact, or the first row that was changed or removed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{number}/deadlines", GetDeadlines).WithName("GetCaseDeadlines")
            .WithSummary("Each clock of the case and why its deadline is what it is: policy, calendar, time counted, days skipped, make-up days, pauses, extensions, alarms.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<CaseView>, Ok<CaseView>, ValidationProblem, ProblemHttpResult>> FileCase(
        FileCaseRequest request,
        [FromHeader(Name = IdempotencyKeyHeader), Description(IdempotencyKeyDescription)] string? idempotencyKey,
        [AsParameters] IntakeServices services,
        CaseViews views,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        if (idempotencyKey is not null && !IsValidIdempotencyKey(idempotencyKey))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["1 to 100 visible ASCII characters, e.g. a UUID."] },
                title: "The Idempotency-Key header is malformed.");
        }

        var catalogue = await services.Catalogue.GetAsync(cancellationToken);
        var (draft, errors) = FileCaseValidator.Validate(request, catalogue, actor.ToString(), services.Attachments.Value.MaxPerCase);
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The case was not recorded: some fields are invalid.");
        }

        var claim = idempotencyKey is null ? null : new IdempotencyClaim(idempotencyKey, Hash(draft));
        var filing = draft.DirectAnswer is null
            ? services.Filing.FileAsync(draft, claim, cancellationToken)
            : services.Filing.FileAndCloseAsync(draft, actor, catalogue, claim, cancellationToken);
        // No personal-data access to record: the answer shows back the caller this request (or, replayed, the same request) sent.
        switch (await filing)
        {
            case FileOutcome.Created created:
                Dispatch.Workers.Hosting.DispatchMetrics.CasesFiled.Add(1);
                return TypedResults.Created($"/api/cases/{created.Case.Number}", await views.ViewAsync(created.Case, actor, cancellationToken));
            case FileOutcome.Replayed replayed:
                return TypedResults.Ok(await views.ViewAsync(replayed.Case, actor, cancellationToken));
            case FileOutcome.Forbidden forbidden:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not answer a case directly; nothing was recorded.",
                    detail: $"directAnswer: {forbidden.Reason} File the call without it and it is dispatched.");
            case FileOutcome.Invalid { Field: var field } invalid when field.StartsWith(CaseFiling.AttachmentIdsField, StringComparison.Ordinal):
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [invalid.Problem] },
                    title: "The case was not recorded: some fields are invalid.");
            case FileOutcome.Invalid invalid:
                // What close-directly names in its own body lies under directAnswer here.
                var named = invalid.Field.StartsWith("knowledgeEntryIds", StringComparison.Ordinal) ? "directAnswer." + invalid.Field : invalid.Field;
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [named] = [invalid.Problem] },
                    title: "The case was not recorded: the call cannot be answered directly as asked.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "This Idempotency-Key was already used for a different request.",
                    detail: "Use a new key for a new case; reuse a key only to retry exactly the same request.");
        }
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> GetCase(
        string number, CaseQueries cases, CatalogueStore catalogues, CaseViews views, PersonalDataAccessRecorder accesses, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return MalformedNumber();
        }

        var actor = user.ToActor();
        if (await cases.FindByNumberAsync(number, cancellationToken) is not { } found
            || !CaseAccess.CanSee(actor, found, await catalogues.GetAsync(cancellationToken)))
        {
            return UnknownNumber(number);
        }

        var view = await views.ViewAsync(found, actor, cancellationToken);
        return await accesses.RecordAsync(actor, PersonalDataEndpoints.GetCase, view, "Nothing was shown. Try again in a few seconds.",
            cancellationToken) is { } unrecorded
            ? unrecorded
            : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<IReadOnlyList<ReturnVisit>>, ProblemHttpResult, ValidationProblem>> GetVisits(
        string number, CaseQueries cases, CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return MalformedNumber();
        }

        return await cases.VisitsAsync(number, cancellationToken) is { } visits ? TypedResults.Ok(visits) : UnknownNumber(number);
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult, ValidationProblem>> GetHistory(
        string number, CaseQueries cases, CatalogueStore catalogues, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return MalformedNumber();
        }

        // A department sees the history only of a case it may see at all.
        var actor = user.ToActor();
        if (!actor.IsCenter && (await cases.FindByNumberAsync(number, cancellationToken) is not { } found
                                || !CaseAccess.CanSee(actor, found, await catalogues.GetAsync(cancellationToken))))
        {
            return UnknownNumber(number);
        }

        return await cases.HistoryAsync(number, cancellationToken) is { } history
            ? TypedResults.Ok(history)
            : UnknownNumber(number);
    }

    public static async Task<Results<Ok<IReadOnlyList<ClockExplanation>>, ProblemHttpResult, ValidationProblem>> GetDeadlines(
        string number, CaseQueries cases, CatalogueStore catalogues, DeadlineExplanationStore deadlines, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return MalformedNumber();
        }

        var actor = user.ToActor();
        if (await cases.FindByNumberAsync(number, cancellationToken) is not { } found
            || !CaseAccess.CanSee(actor, found, await catalogues.GetAsync(cancellationToken)))
        {
            return UnknownNumber(number);
        }

        var history = await cases.HistoryAsync(number, cancellationToken) ?? [];
        return TypedResults.Ok(await deadlines.ExplainAsync(found, history, cancellationToken));
    }

    public static async Task<Results<Ok<AuditVerification>, ProblemHttpResult, ValidationProblem>> VerifyAudit(
        string number, CaseQueries cases, CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return MalformedNumber();
        }

        return await cases.VerifyAuditAsync(number, cancellationToken) is { } verification
            ? TypedResults.Ok(verification)
            : UnknownNumber(number);
    }

    public static async Task<Results<Ok<IReadOnlyList<CaseSummary>>, ValidationProblem, ProblemHttpResult>> LookUpCaller(
        CallerLookupRequest? request, CaseQueries cases, PersonalDataAccessRecorder accesses, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request?.Phone is not { Length: > 0 } phone || !FileCaseValidator.IsPhoneNumber(phone))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["phone"] = ["Required: the caller's phone number, as recorded (digits, optionally a leading + and dashes)."],
            }, title: "Nothing was looked up.");
        }

        var found = await cases.ByCallerPhoneAsync(phone, CallerLookupLimit, cancellationToken);
        return await accesses.RecordLookupAsync(user.ToActor(), found, cancellationToken) is { } unrecorded
            ? unrecorded
            : TypedResults.Ok(found);
    }


    internal static ValidationProblem MalformedNumber() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]>
        {
            ["number"] = ["A case number is 12 or more digits: the date (yyMMdd), the day's sequence and a check digit."],
        },
        title: "That is not a case number.");

    internal static ProblemHttpResult UnknownNumber(string number) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such case.", detail: $"There is no case {number}.");

    internal static bool IsValidIdempotencyKey(string key) => key.Length is > 0 and <= 100 && key.All(c => c is > ' ' and < '\u007f');

    private static string Hash(NewCase draft) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(draft))));
}

public sealed record IntakeServices(CatalogueStore Catalogue, CaseFiling Filing, IOptions<Dispatch.Workers.Attachments.AttachmentOptions> Attachments);

/// <summary>The phone of a caller whose earlier cases the agent looks up.</summary>
public sealed record CallerLookupRequest(string? Phone);

/// <summary>A case as the API shows it to <c>actor</c>: a department never sees a confidential caller's identity.</summary>
public sealed record CaseView(
    string Number,
    string Status,
    int Version,
    string RequestType,
    string CategoryCode,
    string Channel,
    string Urgency,
    CallerView Caller,
    LocationView Location,
    string Title,
    string Content,
    string? LeadDepartmentCode,
    IReadOnlyList<string> AssistingDepartmentCodes,
    string? HandlingDepartmentCode,
    string? Reply,
    string? MasterNumber,
    DateTimeOffset? PendingExtensionUntil,
    DateTimeOffset? ExtendedUntil,
    int RedoCount,
    int VisitAttempts,
    string? CloseOutcome,
    DateTimeOffset FiledAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? SignedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextDueAt,
    DateTimeOffset? SignOffOverdueAt,
    DateTimeOffset? ReplyOverdueAt,
    [property: Description("What you may do to the case now (action names; see docs/api.md for the endpoint of each): its state, your role " +
                           "and your department's part in it together. Automatic actions never appear.")]
    IReadOnlyList<string> AllowedActions)
{
    /// <param name="allowedActions">What <paramref name="actor"/> may do to it now (Access/CaseViews makes both together).</param>
    public static CaseView For(Case c, Actor actor, IReadOnlyList<string> allowedActions)
    {
        ArgumentNullException.ThrowIfNull(c);
        var caller = CaseAccess.MaskFor(actor, c.Caller);
        return new(c.Number, c.Status.ToWire(), c.Version, c.RequestType, c.CategoryCode, c.Channel, c.Urgency,
            new CallerView(caller.Name, caller.Phone, caller.Confidential),
            new LocationView(c.Location.DistrictCode, c.Location.StreetCode, c.Location.CommunityCode, c.Location.GridCode,
                c.Location.Address, c.Location.Latitude, c.Location.Longitude),
            c.Title, c.Content, c.LeadDepartmentCode, c.AssistingDepartmentCodes, c.HandlingDepartmentCode, c.Reply, c.MasterNumber,
            c.PendingExtensionUntil, c.ExtendedUntil, c.RedoCount, c.VisitAttempts, c.CloseOutcome,
            c.FiledAt, c.DispatchedAt, c.SignedAt, c.ResolvedAt, c.ClosedAt, c.UpdatedAt, c.NextDueAt, c.SignOffOverdueAt, c.ReplyOverdueAt,
            allowedActions)
        {
            GridStationCode = c.GridStationCode,
            SiteVisits = c.SiteVisits,
            PatrolStationCode = c.PatrolStationCode,
        };
    }

    [Description("The grid station (网格工作站) a community last forwarded the case to; null if none.")]
    public string? GridStationCode { get; init; }

    [Description("How often a grid worker verified the case on site (上门核实).")]
    public int SiteVisits { get; init; }

    [Description("The grid station whose worker filed the case from a patrol (channel grid-patrol); null for every other case.")]
    public string? PatrolStationCode { get; init; }
}

public sealed record CallerView(string? Name, string? Phone, bool Confidential);

public sealed record LocationView(string District, string? Street, string? Community, string? GridCode, string? Address, double? Lat, double? Lng);

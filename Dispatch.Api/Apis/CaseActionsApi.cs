using System.ComponentModel;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Privacy;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Apis;

/// <summary>
/// What departments and the center do to a case: one POST per action, each through the case lifecycle in
/// one transaction with its audit row and events. Who may do what is decided by CaseAccess; a case a
/// department may not see is 404. An action the state does not allow is 409, naming the state and the
/// actions allowed now. A request that loses a race to another change of the case is decided again on the case as it
/// now is (up to three times), so it is refused only if the state no longer allows it.
/// Every action takes an Idempotency-Key header: a replay does nothing twice.
/// </summary>
public static class CaseActionsApi
{
    public const int NoteMaxLength = 2000;
    public const int ReplyMaxLength = 4000;

    /// <summary>The most files an action names as its evidence.</summary>
    public const int MaxCitedFiles = 20;

    /// <summary>The most knowledge entries a direct answer cites.</summary>
    public const int MaxCitedEntries = 10;

    public static IEndpointRouteBuilder MapCaseActionsApi(this IEndpointRouteBuilder app)
    {
        // What every action may answer besides the case and a 400: the problems ActionContext.Act gives through ProblemHttpResult
        // (503 when the personal-data access cannot be recorded comes with every endpoint's: CommonResponses).
        var actions = app.MapGroup("/api/cases/{number}").WithTags(ApiTags.CaseActions).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        actions.MapPost("/sign", Sign).WithName("SignCase")
            .WithSummary("签收: the handling department signs for a dispatched case.");
        actions.MapPost("/return", Return).WithName("ReturnCase")
            .WithSummary("退单: back to the center with a reason code and a note.");
        actions.MapPost("/notes", AddNote).WithName("AddCaseNote")
            .WithSummary("A progress note (lead, assisting, center).");
        actions.MapPost("/assist-replies", AssistReply).WithName("AddAssistReply")
            .WithSummary("An assisting department's (协办) part of the reply.");
        actions.MapPost("/extension-requests", RequestExtension).WithName("RequestExtension")
            .WithSummary("延期申请: ask the center for a later reply deadline.");
        actions.MapPost("/extension-requests/approve", ApproveExtension).WithName("ApproveExtension")
            .WithSummary("The center grants the requested reply deadline, with an optional note.");
        actions.MapPost("/extension-requests/refuse", RefuseExtension).WithName("RefuseExtension")
            .WithSummary("The center refuses the requested deadline, with a note; the old deadline stands.");
        actions.MapPost("/forward", Forward).WithName("ForwardCase")
            .WithSummary("二级派单: the lead department forwards to one of its sub-units, which signs and handles it.");
        actions.MapPost("/site-visits", VerifyOnSite).WithName("VerifyCaseOnSite")
            .WithSummary("上门核实: the grid worker holding a signed case went there — what they found, where they stood (latitude and longitude, " +
                         "WGS-84) and at least one photo among attachmentIds (uploaded to the case first). The state is unchanged; the history shows it.");
        actions.MapPost("/reply", Reply).WithName("ReplyToCase")
            .WithSummary("办结反馈: what was done; the case becomes resolved, waiting for the return visit.");
        actions.MapPost("/dispatch", Dispatch).WithName("DispatchCase")
            .WithSummary("Manual 派单 of a filed case.");
        actions.MapPost("/redispatch", Redispatch).WithName("RedispatchCase")
            .WithSummary("改派: a returned case to another department.");
        actions.MapPost("/reject-return", RejectReturn).WithName("RejectReturn")
            .WithSummary("The return is refused; the department must handle the case.");
        actions.MapPost("/merge", Merge).WithName("MergeCase")
            .WithSummary("并单: a repeat of an open case follows it and closes with it.");
        actions.MapPost("/clock/pause", PauseClock).WithName("PauseReplyClock")
            .WithSummary("Waiting on the caller for information: the center stops the reply clock, with a reason.");
        actions.MapPost("/clock/resume", ResumeClock).WithName("ResumeReplyClock")
            .WithSummary("The reply clock runs again, with the working time that was left when it was paused.");
        actions.MapPost("/urge", Urge).WithName("UrgeCase")
            .WithSummary("催办, visible to the department.");
        actions.MapPost("/supervise", Supervise).WithName("SuperviseCase")
            .WithSummary("督办, visible to the department.");
        actions.MapPost("/close-directly", CloseDirectly).WithName("CloseCaseDirectly")
            .WithSummary("直接办结: the agent answered it on the call, citing the knowledge entries used (knowledgeEntryIds: published, at most 10). " +
                         "A call answered at once is better filed with its directAnswer: it is never dispatched.");
        actions.MapPost("/return-visits", ReturnVisit).WithName("RecordReturnVisit")
            .WithSummary("回访: satisfied or basically satisfied closes; dissatisfied or unresolved reopens (重办); not reached after the set attempts closes as unreachable.");
        return app;
    }

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Sign([AsParameters] CaseActionTarget target, ActionContext context) =>
        context.Act(target, "sign", _ => new CaseCommand.Sign());

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Return([AsParameters] CaseActionTarget target, ReturnRequest body,
        ActionContext context) =>
        context.Act(target, "return", f =>
            new CaseCommand.Return(f.OneOf("reasonCode", body.ReasonCode, ReturnReasons.All, required: true)!,
                f.Text("note", body.Note, NoteMaxLength, required: true, allowLineBreaks: true)!));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> AddNote([AsParameters] CaseActionTarget target, TextRequest body,
        ActionContext context) =>
        context.Act(target, "notes", f => new CaseCommand.AddNote(f.Text("text", body.Text, NoteMaxLength, required: true, allowLineBreaks: true)!)
        {
            AttachmentIds = Evidence(f, body.AttachmentIds),
        });

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> AssistReply([AsParameters] CaseActionTarget target,
        TextRequest body, ActionContext context) =>
        context.Act(target, "assist-replies", f =>
            new CaseCommand.AssistReply(f.Text("text", body.Text, ReplyMaxLength, required: true, allowLineBreaks: true)!)
            {
                AttachmentIds = Evidence(f, body.AttachmentIds),
            });

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> RequestExtension([AsParameters] CaseActionTarget target,
        ExtensionRequest body, ActionContext context) =>
        context.Act(target, "extension-requests", f =>
        {
            if (body.Until is null)
            {
                f.Fail("until", "Required: the proposed new deadline, an ISO 8601 instant with offset (e.g. 2026-12-01T18:00:00+08:00).");
            }

            // Stored as UTC instants: an offset such as +08:00 is kept in meaning, not in form.
            return new CaseCommand.RequestExtension(body.Until?.ToUniversalTime() ?? default,
                f.Text("reason", body.Reason, NoteMaxLength, required: true, allowLineBreaks: true)!);
        });

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> ApproveExtension([AsParameters] CaseActionTarget target,
        NoteRequest body, ActionContext context) =>
        context.Act(target, "approve-extension", f =>
            new CaseCommand.ApproveExtension(f.Text("note", body.Note, NoteMaxLength, required: false, allowLineBreaks: true)));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> RefuseExtension([AsParameters] CaseActionTarget target,
        NoteRequest body, ActionContext context) =>
        context.Act(target, "refuse-extension", f =>
            new CaseCommand.RefuseExtension(f.Text("note", body.Note, NoteMaxLength, required: true, allowLineBreaks: true)!));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Forward([AsParameters] CaseActionTarget target,
        ForwardRequest body, ActionContext context) =>
        context.Act(target, "forward", f =>
            new CaseCommand.Forward(f.Code("departmentCode", body.DepartmentCode, required: true)!,
                f.Text("note", body.Note, NoteMaxLength, required: false, allowLineBreaks: true)));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Reply([AsParameters] CaseActionTarget target, TextRequest body,
        ActionContext context) =>
        context.Act(target, "reply", f => new CaseCommand.Reply(f.Text("text", body.Text, ReplyMaxLength, required: true, allowLineBreaks: true)!)
        {
            AttachmentIds = Evidence(f, body.AttachmentIds),
        });

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> VerifyOnSite([AsParameters] CaseActionTarget target,
        SiteVisitRequest body, ActionContext context) =>
        context.Act(target, "site-visits", f =>
        {
            var (latitude, longitude) = Coordinates.Validate(f, body.Latitude, body.Longitude);
            var photos = Evidence(f, body.AttachmentIds);
            if (body.AttachmentIds is null or { Count: 0 })
            {
                f.Fail("attachmentIds", "Required: at least one photo of the site, uploaded to the case first (POST /api/cases/{number}/attachments).");
            }

            return new CaseCommand.VerifyOnSite(f.Text("text", body.Text, NoteMaxLength, required: true, allowLineBreaks: true)!, latitude, longitude)
            {
                AttachmentIds = photos,
            };
        });

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Dispatch([AsParameters] CaseActionTarget target,
        DispatchRequest body, ActionContext context) =>
        context.Act(target, "dispatch", f =>
            new CaseCommand.Dispatch(f.Code("leadDepartmentCode", body.LeadDepartmentCode, required: true)!,
                Assisting(f, body.AssistingDepartmentCodes), f.Text("note", body.Note, NoteMaxLength, required: false, allowLineBreaks: true)));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Redispatch([AsParameters] CaseActionTarget target,
        DispatchRequest body, ActionContext context) =>
        context.Act(target, "redispatch", f =>
            new CaseCommand.Redispatch(f.Code("leadDepartmentCode", body.LeadDepartmentCode, required: true)!,
                Assisting(f, body.AssistingDepartmentCodes), f.Text("note", body.Note, NoteMaxLength, required: false, allowLineBreaks: true)));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> RejectReturn([AsParameters] CaseActionTarget target,
        NoteRequest body, ActionContext context) =>
        context.Act(target, "reject-return", f =>
            new CaseCommand.RejectReturn(f.Text("note", body.Note, NoteMaxLength, required: true, allowLineBreaks: true)!));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Merge([AsParameters] CaseActionTarget target, MergeRequest body,
        ActionContext context) =>
        context.Act(target, "merge", f =>
        {
            if (!CaseNumber.IsWellFormed(body.MasterNumber))
            {
                f.Fail("masterNumber", "The master case's number is required (12 or more digits with its check digit).");
            }

            return new CaseCommand.Merge(body.MasterNumber ?? "", f.Text("note", body.Note, NoteMaxLength, required: false, allowLineBreaks: true));
        });

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> PauseClock([AsParameters] CaseActionTarget target,
        ReasonRequest body, ActionContext context) =>
        context.Act(target, "pause-clock", f =>
            new CaseCommand.PauseClock(f.Text("reason", body.Reason, NoteMaxLength, required: true, allowLineBreaks: true)!));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> ResumeClock([AsParameters] CaseActionTarget target,
        NoteRequest body, ActionContext context) =>
        context.Act(target, "resume-clock", f =>
            new CaseCommand.ResumeClock(f.Text("note", body.Note, NoteMaxLength, required: false, allowLineBreaks: true)));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Urge([AsParameters] CaseActionTarget target, NoteRequest body,
        ActionContext context) =>
        context.Act(target, "urge", f => new CaseCommand.Urge(f.Text("note", body.Note, NoteMaxLength, required: true, allowLineBreaks: true)!));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Supervise([AsParameters] CaseActionTarget target,
        NoteRequest body, ActionContext context) =>
        context.Act(target, "supervise", f => new CaseCommand.Supervise(f.Text("note", body.Note, NoteMaxLength, required: true, allowLineBreaks: true)!));

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> CloseDirectly([AsParameters] CaseActionTarget target,
        CloseDirectlyRequest body, ActionContext context) =>
        context.Act(target, "close-directly", f =>
            new CaseCommand.CloseDirectly(f.Text("answer", body.Answer, ReplyMaxLength, required: true, allowLineBreaks: true)!)
            {
                KnowledgeEntryIds = f.Ids("knowledgeEntryIds", body.KnowledgeEntryIds, MaxCitedEntries),
            });

    public static Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> ReturnVisit([AsParameters] CaseActionTarget target,
        ReturnVisitRequest body, ActionContext context) =>
        context.Act(target, "return-visits", f =>
        {
            if (body.Reached is null)
            {
                f.Fail("reached", "Required: whether the caller was reached.");
            }
            else if (body.Reached == true)
            {
                if (body.Resolved is null)
                {
                    f.Fail("resolved", "Required when the caller was reached.");
                }

                f.OneOf("satisfaction", body.Satisfaction, Satisfactions.All, required: true);
            }
            else if (body.Resolved is not null || body.Satisfaction is not null)
            {
                f.Fail("reached", "A caller who was not reached gave no answer: leave resolved and satisfaction out.");
            }

            return new CaseCommand.ReturnVisit(body.Reached ?? false, body.Resolved, body.Satisfaction,
                f.Text("comment", body.Comment, NoteMaxLength, required: false, allowLineBreaks: true))
            {
                AttachmentIds = Evidence(f, body.AttachmentIds),
            };
        });

    /// <summary>The files on the case an action names as its evidence (uploaded first, each cited once): at most 20.</summary>
    private static List<Guid> Evidence(Fields fields, IReadOnlyList<Guid?>? ids) => fields.FileIds("attachmentIds", ids, MaxCitedFiles);

    private static List<string> Assisting(Fields fields, IReadOnlyList<string?>? codes)
    {
        if (codes is null)
        {
            return [];
        }

        if (codes.Count > 10)
        {
            fields.Fail("assistingDepartmentCodes", "At most 10 assisting departments.");
            return [];
        }

        return [.. codes.Select((code, i) => fields.Code($"assistingDepartmentCodes[{i}]", code, required: true)).OfType<string>()];
    }
}

/// <summary>The case an action is for, and the key that makes a retry of the same request do nothing twice.</summary>
public sealed record CaseActionTarget(
    [property: Description("The case number (12 or more digits, the last a check digit).")] string Number,
    [property: Description(CasesApi.IdempotencyKeyDescription)] [FromHeader(Name = CasesApi.IdempotencyKeyHeader)] string? IdempotencyKey);

/// <summary>Everything an action endpoint needs, resolved per request.</summary>
public sealed class ActionContext(
    CaseWork work,
    CaseQueries cases,
    CaseViews views,
    PersonalDataAccessRecorder accesses,
    IHttpContextAccessor http)
{
    /// <summary>How often an action is decided again after another change of the case won the race to it.</summary>
    public const int DecideAgainAttempts = 3;

    private HttpContext Http => http.HttpContext!;

    /// <summary>Validates the body (building the command), then runs it and maps the outcome to an answer.</summary>
    public async Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Act(CaseActionTarget target, string operation,
        Func<Fields, CaseCommand> build)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(build);
        var number = target.Number;
        if (!CaseNumber.IsWellFormed(number))
        {
            return CasesApi.MalformedNumber();
        }

        var fields = new Fields();
        var key = target.IdempotencyKey ?? "";
        if (key.Length > 0 && !CasesApi.IsValidIdempotencyKey(key))
        {
            fields.Fail(CasesApi.IdempotencyKeyHeader, "1 to 100 visible ASCII characters, e.g. a UUID.");
        }

        var command = build(fields);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "Nothing was done: some fields are invalid.");
        }

        var actor = Http.User.ToActor();
        var claim = key.Length == 0 ? null : new IdempotencyClaim(key, Hash(actor, number, operation, command));
        var (outcome, lostRace) = await RunAsync(number, actor, command, claim);
        if (lostRace is not null)
        {
            return lostRace;
        }

        return outcome switch
        {
            ActOutcome.Done done => await Shown(done.Case, actor, operation),
            ActOutcome.Replayed replayed => await Shown(replayed.Case, actor, operation),
            _ => await RefusalAsync(outcome!, actor, number),
        };
    }

    /// <summary>
    /// Runs <paramref name="command"/>, deciding it again on the case as it now is when another change won the race to it; after
    /// <see cref="DecideAgainAttempts"/> such losses, the 409 to answer instead of an outcome.
    /// </summary>
    public async Task<(ActOutcome? Outcome, ProblemHttpResult? LostRace)> RunAsync(string number, Actor actor, CaseCommand command, IdempotencyClaim? claim)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await work.ActAsync(number, actor, command, claim, Http.RequestAborted), null);
            }
            catch (CaseConcurrencyException) when (attempt < DecideAgainAttempts)
            {
                // The case changed between this request's read and its write: a sweeper's warning, the router, another person.
                // The request names no version, so it is decided again on the case as it is now, as if it had come a moment
                // later: still allowed, it is done; no longer allowed, it is refused with the state and the actions allowed now.
            }
            catch (CaseConcurrencyException)
            {
                var now = await cases.FindByNumberAsync(number, Http.RequestAborted);
                return (null, Problem(StatusCodes.Status409Conflict, "Someone else acted on this case at the same moment; nothing was done.",
                    $"The case is now {now?.Status.ToWire()} (version {now?.Version}). Read it again and decide.",
                    new()
                    {
                        ["state"] = now?.Status.ToWire(), ["version"] = now?.Version,
                        ["allowedActions"] = now is null ? [] : await views.AllowedAsync(now, actor, Http.RequestAborted),
                    }));
            }
        }
    }

    /// <summary>The answer to an outcome that did nothing: 404, 403, 409 with what may be done now, 422 naming the field or the key.</summary>
    public async Task<ProblemHttpResult> RefusalAsync(ActOutcome outcome, Actor actor, string number)
    {
        switch (outcome)
        {
            case ActOutcome.NotFound:
                return CasesApi.UnknownNumber(number);
            case ActOutcome.Forbidden forbidden:
                return Problem(StatusCodes.Status403Forbidden, "You may not do this to this case.", forbidden.Reason);
            case ActOutcome.Refused refused:
                return Problem(StatusCodes.Status409Conflict, $"Not allowed while the case is {refused.Decision.State.ToWire()}.",
                    refused.Decision.Reason + ".",
                    new()
                    {
                        ["state"] = refused.Decision.State.ToWire(),
                        // What this person may do now, as the case view would say: not every action the state allows.
                        ["allowedActions"] = await views.AllowedAsync(refused.Case, actor, Http.RequestAborted),
                        ["version"] = refused.Case.Version,
                    });
            case ActOutcome.Invalid invalid:
                return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Problem] })
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "Nothing was done: the request cannot be carried out as asked.",
                });
            case ActOutcome.KeyReused:
                return Problem(StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was already used for a different request.",
                    "Use a new key for a new action; reuse a key only to retry exactly the same request.");
            default:
                throw new InvalidOperationException($"{outcome.GetType().Name} is not a refusal.");
        }
    }

    /// <summary>The case as it now is, once the personal-data access its answer makes is recorded.</summary>
    private async Task<Results<Ok<CaseView>, ValidationProblem, ProblemHttpResult>> Shown(Case @case, Actor actor, string operation)
    {
        var view = await views.ViewAsync(@case, actor, Http.RequestAborted);
        return await accesses.RecordAsync(actor, PersonalDataEndpoints.CaseAction(operation), view,
                $"The action was done: the case is now {view.Status} (version {view.Version}). Do not repeat it; read the case again later.",
                Http.RequestAborted) is { } unrecorded
            ? unrecorded
            : TypedResults.Ok(view);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, Dictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);

    // The actor is part of the request: a key is claimed per user, and one user's retry is never another's request.
    private static string Hash(Dispatch.Workers.Access.Actor actor, string number, string operation, CaseCommand command) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{actor}\n{number}\n{operation}\n{JsonSerializer.Serialize(command, command.GetType())}")));
}

/// <summary>A note, a part reply or the reply; attachmentIds: files on the case it names as its evidence (uploaded first, each cited once).</summary>
public sealed record TextRequest(string? Text, IReadOnlyList<Guid?>? AttachmentIds = null);

public sealed record NoteRequest(string? Note);

/// <summary>上门核实: what was found, where (WGS-84 degrees), and the photos of the site among the files on the case.</summary>
public sealed record SiteVisitRequest(string? Text, double? Latitude, double? Longitude, IReadOnlyList<Guid?>? AttachmentIds = null);

public sealed record ReasonRequest(string? Reason);

public sealed record ReturnRequest(string? ReasonCode, string? Note);

public sealed record ExtensionRequest(DateTimeOffset? Until, string? Reason);

public sealed record ForwardRequest(string? DepartmentCode, string? Note);

public sealed record DispatchRequest(string? LeadDepartmentCode, IReadOnlyList<string?>? AssistingDepartmentCodes, string? Note);

public sealed record MergeRequest(string? MasterNumber, string? Note);

/// <summary>The answer given on the call, and the knowledge entries it cites (published ones, at most 10, each once).</summary>
public sealed record CloseDirectlyRequest(string? Answer, IReadOnlyList<long?>? KnowledgeEntryIds = null);

public sealed record ReturnVisitRequest(bool? Reached, bool? Resolved, string? Satisfaction, string? Comment, IReadOnlyList<Guid?>? AttachmentIds = null);

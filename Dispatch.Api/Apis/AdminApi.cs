using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Dispatch.Api.Access;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Reports;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>
/// Administration (admin role): routing rules with a dry run, SLA policies (the escalation ladder included),
/// calendars, departments, areas, categories, users and tokens. Every change is versioned, refused with the
/// reason when it would leave the rules inconsistent, and recorded (GET /api/admin/changes).
/// An edit names the version it was made from; a stale one is a 409.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Administration").RequireAuthorization(p => p.RequireRole(Roles.Admin));

        var rules = admin.MapGroup("/routing-rules");
        rules.MapGet("/", (RoutingAdministration a, CancellationToken ct) => a.ListAsync(ct)).WithSummary("Every rule, enabled or not, in the order they are tried.");
        rules.MapGet("/{id:long}/versions", (long id, RoutingAdministration a, CancellationToken ct) => a.VersionsAsync(id, ct));
        rules.MapPost("/", CreateRule).WithSummary("Creates a rule: {priority, name, requestTypes, categoryPrefix, areaCode, keywords, leadDepartmentCode, assistingDepartmentCodes, enabled}.");
        rules.MapPut("/{id:long}", EditRule).WithSummary("A new version of a rule: the same body plus the version it was edited from.");
        rules.MapPost("/{id:long}/enable", (long id, VersionRequest body, RoutingAdministration a, ClaimsPrincipal user, CancellationToken ct) =>
            Toggle(body, v => a.SetEnabledAsync(id, v, true, user.ToActor().ToString(), ct)));
        rules.MapPost("/{id:long}/disable", (long id, VersionRequest body, RoutingAdministration a, ClaimsPrincipal user, CancellationToken ct) =>
            Toggle(body, v => a.SetEnabledAsync(id, v, false, user.ToActor().ToString(), ct)));
        rules.MapPost("/reorder", Reorder).WithSummary("{ids: [every rule's id in the new order]}: priorities become 10, 20, 30, …");
        rules.MapPost("/dry-run", DryRunRules)
            .WithSummary("{rules: [a whole proposed table], from, to, examples}: replays the period's cases and says how many would go elsewhere, where, with examples.");

        var policies = admin.MapGroup("/sla-policies");
        policies.MapGet("/", (SlaAdministration a, CancellationToken ct) => a.ListAsync(ct))
            .WithSummary("Every policy: limits, warning thresholds, auto-return and supervision grace (the escalation ladder).");
        policies.MapGet("/{id:long}/versions", (long id, SlaAdministration a, CancellationToken ct) => a.VersionsAsync(id, ct));
        policies.MapPost("/", (PolicyRequest body, SlaAdministration a, ClaimsPrincipal u, CancellationToken ct) => SavePolicy(null, body, a, u, ct)).WithSummary("Creates a policy.");
        policies.MapPut("/{id:long}", SavePolicy).WithSummary("A new version of a policy (body with the version it was edited from).");
        policies.MapPost("/{id:long}/enable", (long id, VersionRequest body, SlaAdministration a, ClaimsPrincipal user, CancellationToken ct) =>
            Toggle(body, v => a.SetEnabledAsync(id, v, true, user.ToActor().ToString(), ct)));
        policies.MapPost("/{id:long}/disable", (long id, VersionRequest body, SlaAdministration a, ClaimsPrincipal user, CancellationToken ct) =>
            Toggle(body, v => a.SetEnabledAsync(id, v, false, user.ToActor().ToString(), ct)));

        var calendars = admin.MapGroup("/calendars");
        calendars.MapPost("/", (CalendarRequest body, Database d, AdminChanges a, DeadlineRulesStore r, TimeProvider c, ClaimsPrincipal u, CancellationToken ct) => SaveCalendar(null, body, d, a, r, c, u, ct)).WithSummary("Creates a calendar: {code, name, timeZone, week: {Monday: [[\"09:00\",\"12:00\"], …]}, observesHolidays}.");
        calendars.MapPut("/{code}", SaveCalendar).WithSummary("New week, name or holiday rule for a calendar (with its version). Holidays: POST /api/calendars/{code}/years.");

        admin.MapGet("/departments", (Database d, CancellationToken ct) => Rows(d, "select code as \"code\", name as \"name\", parent_code as \"parentCode\", kind as \"kind\", calendar_code as \"calendarCode\", active as \"active\", version as \"version\" from departments order by code", ct));
        admin.MapPost("/departments", (DepartmentRequest body, CatalogueAdministration a, ClaimsPrincipal u, CancellationToken ct) => SaveDepartment(null, body, a, u, ct));
        admin.MapPut("/departments/{code}", SaveDepartment);
        admin.MapGet("/areas", (Database d, CancellationToken ct) => Rows(d, "select code as \"code\", name as \"name\", level as \"level\", parent_code as \"parentCode\", version as \"version\" from areas order by code", ct));
        admin.MapPost("/areas", (AreaRequest body, CatalogueAdministration a, ClaimsPrincipal u, CancellationToken ct) => SaveArea(null, body, a, u, ct));
        admin.MapPut("/areas/{code}", SaveArea);
        admin.MapGet("/categories", (Database d, CancellationToken ct) => Rows(d, "select code as \"code\", name as \"name\", parent_code as \"parentCode\", level as \"level\", active as \"active\", version as \"version\" from categories order by code", ct));
        admin.MapPost("/categories", (CategoryRequest body, CatalogueAdministration a, ClaimsPrincipal u, CancellationToken ct) => SaveCategory(null, body, a, u, ct));
        admin.MapPut("/categories/{code}", SaveCategory);

        admin.MapGet("/users", (UserAdministration a, CancellationToken ct) => a.ListAsync(ct)).WithSummary("Users with their tokens' labels and dates (never a token).");
        admin.MapPost("/users", (UserRequest body, UserAdministration a, ClaimsPrincipal u, CancellationToken ct) => SaveUser(null, body, a, u, ct));
        admin.MapPut("/users/{username}", SaveUser);
        admin.MapPost("/users/{username}/tokens", IssueToken).WithSummary("Issues a token {label, expiresAt}; the answer is the only time it is shown.");
        admin.MapDelete("/users/{username}/tokens/{label}", RevokeToken).WithSummary("Revokes the user's tokens with that label (effective within 30 s everywhere).");

        admin.MapGet("/changes", Changes).WithSummary("The administrative record, newest first: ?entity=&key=&page=&pageSize=.");
        admin.MapGet("/changes/verify", VerifyChanges).WithName("VerifyAdminRecord")
            .WithSummary("Checks the sealed administrative record: intact, or its first row that fails and why.");
        return app;
    }

    public static async Task<Results<Created<RoutingRule>, ValidationProblem, ProblemHttpResult>> CreateRule(RuleRequest body,
        RoutingAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Rule(fields, "", body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The rule was not created.");
        }

        return Answer(await admin.CreateAsync(draft!, user.ToActor().ToString(), cancellationToken), r => $"/api/admin/routing-rules/{r.Id}", "The rule was not created.");
    }

    public static async Task<Results<Created<RoutingRule>, ValidationProblem, ProblemHttpResult>> EditRule(long id, RuleRequest body,
        RoutingAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Rule(fields, "", body);
        var version = Version(fields, body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The rule was not changed.");
        }

        return Answer(await admin.EditAsync(id, version, draft!, user.ToActor().ToString(), cancellationToken), null, "The rule was not changed.");
    }

    public static async Task<Results<Created<RoutingRule>, ValidationProblem, ProblemHttpResult>> Reorder(ReorderRequest body,
        RoutingAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (body.Ids is not { Count: > 0 and <= 10_000 } ids || ids.Any(i => i is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = ["Every rule's id, in the new order."] });
        }

        return Answer(await admin.ReorderAsync([.. ids.Select(i => i!.Value)], user.ToActor().ToString(), cancellationToken), null, "The rules were not reordered.");
    }

    public static async Task<Results<Ok<DryRun>, ValidationProblem>> DryRunRules(DryRunRequest body, RoutingAdministration admin,
        IOptions<HotlineOptions> hotline, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var proposed = new List<RoutingRule>();
        if (body.Rules is not { Count: > 0 and <= 10_000 })
        {
            fields.Fail("rules", "The whole proposed table: between 1 and 10000 rules.");
        }
        else
        {
            for (var i = 0; i < body.Rules.Count; i++)
            {
                if (Rule(fields, $"rules[{i}].", body.Rules[i]) is { } draft)
                {
                    proposed.Add(draft.ToRule(body.Rules[i]!.Id ?? -(i + 1), body.Rules[i]!.Version ?? 0));
                }
            }
        }

        var from = fields.LocalDate("from", body.From);
        var to = fields.LocalDate("to", body.To);
        if (from is not null && to is not null && (to < from || to.Value.DayNumber - from.Value.DayNumber > 92))
        {
            fields.Fail("to", "On or after from, and at most 93 days after it.");
        }

        if (body.Examples is < 0 or > 20)
        {
            fields.Fail("examples", "From 0 to 20 examples per move.");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The dry run was not run.");
        }

        var problems = await admin.CheckAsync(proposed, cancellationToken);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems.GroupBy(p => $"rules[{p.Index}].{p.Field}").ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray()),
                title: "The proposed rules would be refused; the dry run was not run.");
        }

        var period = ReportPeriod.Of(from!.Value, to!.Value, hotline.Value.TimeZone);
        return TypedResults.Ok(await admin.DryRunAsync(proposed, period, body.Examples ?? 3, cancellationToken));
    }

    public static async Task<Results<Created<SlaPolicy>, ValidationProblem, ProblemHttpResult>> SavePolicy(long? id, PolicyRequest body,
        SlaAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var priority = Priority(fields, body.Priority);
        var name = fields.Text("name", body.Name, 200, required: true, allowLineBreaks: false);
        var types = Codes(fields, "requestTypes", body.RequestTypes, 10);
        var category = fields.Code("categoryPrefix", body.CategoryPrefix, required: false, maxLength: 12);
        var urgency = fields.OneOf("urgency", body.Urgency, Urgencies.All, required: false);
        var signOff = Limit(fields, "signOff", body.SignOff);
        var reply = Limit(fields, "reply", body.Reply);
        if (body.WarningPercents is not { Count: <= 10 })
        {
            fields.Fail("warningPercents", "A list of up to 10 percentages (may be empty).");
        }

        if (body.SupervisionGraceHours is null)
        {
            fields.Fail("supervisionGraceHours", "Required: hours after a reply breach before supervision (督办).");
        }

        var version = id is null ? 0 : Version(fields, body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The policy was not saved.");
        }

        SlaPolicy Draft(long policyId) => new(policyId, 1, priority, name!, types!, category, urgency, signOff!, reply!, [.. body.WarningPercents!],
            body.AutoReturnOnSignOffBreach ?? false, body.SupervisionGraceHours!.Value, body.Enabled ?? true);
        var actor = user.ToActor().ToString();
        return Answer(id is null
                ? await admin.CreateAsync(Draft, actor, cancellationToken)
                : await admin.EditAsync(id.Value, version, Draft, actor, cancellationToken),
            id is null ? p => $"/api/admin/sla-policies/{p.Id}" : null, "The policy was not saved.");
    }

    public static async Task<Results<Ok<CalendarChange.Done>, ValidationProblem, ProblemHttpResult>> SaveCalendar(string? code, CalendarRequest body,
        Database database, AdminChanges changes, DeadlineRulesStore rules, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var calendarCode = code ?? fields.Code("code", body.Code, required: true);
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        string? zone = null;
        if (code is null)
        {
            zone = fields.Text("timeZone", body.TimeZone, 64, required: true, allowLineBreaks: false);
            if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                fields.Fail("timeZone", $"'{Fields.Shorten(zone)}' is not an IANA time zone id (e.g. Asia/Shanghai).");
            }
        }

        string? week = null;
        if (body.Week is not { Count: > 0 } days || days.Keys.Any(d => !Enum.TryParse<DayOfWeek>(d, ignoreCase: false, out _)))
        {
            fields.Fail("week", "Working frames by English day name: {\"Monday\": [[\"09:00\",\"12:00\"], [\"13:30\",\"17:30\"]], …}.");
        }
        else if (days.Values.Any(frames => frames is null || frames.Any(f => f is not [{ } start, { } end] || !IsTime(start) || !IsTime(end))))
        {
            fields.Fail("week", "Each day is a list of frames [start, end], each time HH:mm from 00:00 to 24:00.");
        }
        else
        {
            week = JsonSerializer.Serialize(body.Week);
            try
            {
                _ = new WorkingCalendar(calendarCode ?? "x", 1, TimeZoneInfo.Utc, DeadlineRulesStore.ParseWeek(week), [], []);
            }
            catch (ArgumentException e)
            {
                fields.Fail("week", $"Not a usable week: {e.Message}");
            }
        }

        var version = code is null ? 0 : Version(fields, body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The calendar was not saved.");
        }

        var actor = user.ToActor().ToString();
        var change = code is null
            ? await CalendarAdministration.CreateAsync(database, changes, calendarCode!, name!, zone!, week!, body.ObservesHolidays ?? true, actor, clock.GetUtcNow(), cancellationToken)
            : await CalendarAdministration.EditAsync(database, changes, code, version, name!, week!, body.ObservesHolidays ?? true, actor, clock.GetUtcNow(), cancellationToken);
        switch (change)
        {
            case CalendarChange.Done done:
                rules.Invalidate();
                return TypedResults.Ok(done);
            case CalendarChange.Conflict conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The calendar was not saved.", detail: conflict.Reason);
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such calendar.", detail: $"There is no calendar {code}.");
        }
    }

    public static async Task<Results<Created<DepartmentDraft>, ValidationProblem, ProblemHttpResult>> SaveDepartment(string? code, DepartmentRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var key = code ?? fields.Code("code", body.Code, required: true);
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        var parent = fields.Code("parentCode", body.ParentCode, required: false);
        var kind = fields.OneOf("kind", body.Kind, DepartmentKinds.All, required: true);
        var calendar = fields.Code("calendarCode", body.CalendarCode, required: false);
        int? version = code is null ? null : Version(fields, body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The department was not saved.");
        }

        return Answer(await admin.SaveDepartmentAsync(new DepartmentDraft(key!, name!, parent, kind!, calendar, body.Active ?? true), version,
            user.ToActor().ToString(), cancellationToken), d => $"/api/admin/departments/{d.Code}", "The department was not saved.");
    }

    public static async Task<Results<Created<AreaDraft>, ValidationProblem, ProblemHttpResult>> SaveArea(string? code, AreaRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var key = code ?? fields.Code("code", body.Code, required: true);
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        var level = fields.OneOf("level", body.Level, [AreaLevels.District, AreaLevels.Street, AreaLevels.Community, AreaLevels.Grid], required: true);
        var parent = fields.Code("parentCode", body.ParentCode, required: false);
        int? version = code is null ? null : Version(fields, body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The area was not saved.");
        }

        return Answer(await admin.SaveAreaAsync(new AreaDraft(key!, name!, level!, parent), version, user.ToActor().ToString(), cancellationToken),
            a => $"/api/admin/areas/{a.Code}", "The area was not saved.");
    }

    public static async Task<Results<Created<CategoryDraft>, ValidationProblem, ProblemHttpResult>> SaveCategory(string? code, CategoryRequest body,
        CatalogueAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var key = code ?? fields.Code("code", body.Code, required: true, maxLength: 12);
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        int? version = code is null ? null : Version(fields, body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The category was not saved.");
        }

        return Answer(await admin.SaveCategoryAsync(new CategoryDraft(key!, name!, body.Active ?? true), version, user.ToActor().ToString(), cancellationToken),
            c => $"/api/admin/categories/{c.Code}", "The category was not saved.");
    }

    public static async Task<Results<Created<UserDraft>, ValidationProblem, ProblemHttpResult>> SaveUser(string? username, UserRequest body,
        UserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var key = username ?? fields.Code("username", body.Username, required: true, maxLength: 64);
        var name = fields.Text("displayName", body.DisplayName, 100, required: true, allowLineBreaks: false);
        var role = fields.OneOf("role", body.Role, Roles.All, required: true);
        var department = fields.Code("departmentCode", body.DepartmentCode, required: false);
        int? version = username is null ? null : Version(fields, body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The user was not saved.");
        }

        return Answer(await admin.SaveAsync(new UserDraft(key!, name!, role!, department, body.Active ?? true), version, user.ToActor().ToString(),
            cancellationToken), u => $"/api/admin/users/{u.Username}", "The user was not saved.");
    }

    public static async Task<Results<Created<IssuedToken>, ValidationProblem, ProblemHttpResult>> IssueToken(string username, TokenRequest body,
        UserAdministration admin, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var label = fields.Text("label", body.Label, 100, required: true, allowLineBreaks: false);
        if (body.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            fields.Fail("expiresAt", "In the future (or leave it out for a token that does not expire).");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "No token was issued.");
        }

        return Answer(await admin.IssueTokenAsync(username, label!, body.ExpiresAt?.ToUniversalTime(), user.ToActor().ToString(), cancellationToken),
            t => $"/api/admin/users/{t.Username}", "No token was issued.");
    }

    public static async Task<Results<Created<int>, ValidationProblem, ProblemHttpResult>> RevokeToken(string username, string label,
        UserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Answer(await admin.RevokeTokensAsync(username, label, user.ToActor().ToString(), cancellationToken), null, "No token was revoked.");

    public static async Task<Ok<Dispatch.Workers.Audit.AuditVerdict>> VerifyChanges(AdminChanges changes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await changes.VerifyAsync(cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<AdminChange>>, ValidationProblem>> Changes(string? entity, string? key, int? page, int? pageSize,
        AdminChanges changes, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        fields.OneOf("entity", entity, AdminChanges.Entities, required: false);
        if (page is < 1 or > 100_000)
        {
            fields.Fail("page", "From 1.");
        }

        if (pageSize is < 1 or > 500)
        {
            fields.Fail("pageSize", "From 1 to 500.");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors);
        }

        return TypedResults.Ok(await changes.ListAsync(entity, key, page ?? 1, pageSize ?? 50, cancellationToken));
    }

    private static async Task<Results<Created<T>, ValidationProblem, ProblemHttpResult>> Toggle<T>(VersionRequest body, Func<int, Task<AdminOutcome<T>>> change)
    {
        if (body.Version is not { } version || version < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["The version you are changing (from the list)."] });
        }

        return Answer(await change(version), null, "Nothing was changed.");
    }

    /// <summary>Created (with a location for a new thing, or none for an edit), 400 with the reasons per field, 404, or 409 for a stale version.</summary>
    private static Results<Created<T>, ValidationProblem, ProblemHttpResult> Answer<T>(AdminOutcome<T> outcome, Func<T, string>? location, string title) =>
        outcome switch
        {
            AdminOutcome<T>.Done done => TypedResults.Created(location?.Invoke(done.Value), done.Value),
            AdminOutcome<T>.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems, title: title),
            AdminOutcome<T>.NotFound missing => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: missing.What),
            AdminOutcome<T>.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: conflict.Reason),
            _ => throw new InvalidOperationException($"Unexpected {outcome}."),
        };

    private static RuleDraft? Rule(Fields fields, string prefix, RuleRequest? body)
    {
        if (body is null)
        {
            fields.Fail(prefix.TrimEnd('.') is { Length: > 0 } p ? p : "body", "Required.");
            return null;
        }

        var priority = Priority(fields, body.Priority, prefix + "priority");
        var name = fields.Text(prefix + "name", body.Name, 200, required: true, allowLineBreaks: false);
        var types = Codes(fields, prefix + "requestTypes", body.RequestTypes, 10);
        var category = fields.Code(prefix + "categoryPrefix", body.CategoryPrefix, required: false, maxLength: 12);
        var area = fields.Code(prefix + "areaCode", body.AreaCode, required: false);
        var lead = fields.Code(prefix + "leadDepartmentCode", body.LeadDepartmentCode, required: true);
        var assisting = Codes(fields, prefix + "assistingDepartmentCodes", body.AssistingDepartmentCodes, 10);
        List<string>? keywords = null;
        if (body.Keywords is { Count: > 50 })
        {
            fields.Fail(prefix + "keywords", "At most 50 keywords.");
        }
        else
        {
            keywords = [];
            for (var i = 0; i < (body.Keywords?.Count ?? 0); i++)
            {
                if (fields.Text($"{prefix}keywords[{i}]", body.Keywords![i], 50, required: true, allowLineBreaks: false) is { } word)
                {
                    keywords.Add(word);
                }
            }
        }

        return name is null || lead is null || types is null || assisting is null || keywords is null
            ? null
            : new RuleDraft(priority, name, types, category, area, keywords, lead, assisting, body.Enabled ?? true);
    }

    private static bool IsTime(string text) =>
        text.Length == 5 && text[2] == ':' && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
        && int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
        && minutes < 60 && (hours < 24 || (hours == 24 && minutes == 0));

    private static List<string>? Codes(Fields fields, string field, IReadOnlyList<string?>? values, int max)
    {
        if (values is { Count: var count } && count > max)
        {
            fields.Fail(field, $"At most {max}.");
            return null;
        }

        var codes = new List<string>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (fields.Code($"{field}[{i}]", values![i], required: true) is { } code)
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    private static int Priority(Fields fields, int? priority, string field = "priority")
    {
        if (priority is not (>= 1 and <= 1_000_000))
        {
            fields.Fail(field, "From 1 to 1000000; lower is tried first.");
        }

        return priority ?? 0;
    }

    private static int Version(Fields fields, int? version)
    {
        if (version is not >= 1)
        {
            fields.Fail("version", "The version you edited (from the list); a stale one is refused with 409.");
        }

        return version ?? 0;
    }

    private static SlaLimit? Limit(Fields fields, string field, LimitRequest? limit)
    {
        if (limit?.Amount is not { } amount)
        {
            fields.Fail($"{field}.amount", "Required.");
            return null;
        }

        var unit = fields.OneOf($"{field}.unit", limit.Unit, ["working-hours", "working-days", "natural-hours"], required: true);
        return unit is null ? null : new SlaLimit(amount, DeadlineRulesStore.ParseUnit(unit));
    }

    private static async Task<Ok<IReadOnlyList<IDictionary<string, object?>>>> Rows(Database database, string sql, CancellationToken cancellationToken) =>
        TypedResults.Ok(await database.ReadAsync<IReadOnlyList<IDictionary<string, object?>>>(async (connection, ct) =>
            [.. (await connection.QueryAsync(new CommandDefinition(sql, cancellationToken: ct))).Cast<IDictionary<string, object?>>()], cancellationToken));
}

public sealed record VersionRequest(int? Version);

public sealed record ReorderRequest(IReadOnlyList<long?>? Ids);

public sealed record RuleRequest(
    long? Id, int? Version, int? Priority, string? Name, IReadOnlyList<string?>? RequestTypes, string? CategoryPrefix, string? AreaCode,
    IReadOnlyList<string?>? Keywords, string? LeadDepartmentCode, IReadOnlyList<string?>? AssistingDepartmentCodes, bool? Enabled);

public sealed record DryRunRequest(IReadOnlyList<RuleRequest?>? Rules, string? From, string? To, int? Examples);

public sealed record LimitRequest(decimal? Amount, string? Unit);

public sealed record PolicyRequest(
    int? Version, int? Priority, string? Name, IReadOnlyList<string?>? RequestTypes, string? CategoryPrefix, string? Urgency, LimitRequest? SignOff,
    LimitRequest? Reply, IReadOnlyList<int>? WarningPercents, bool? AutoReturnOnSignOffBreach, decimal? SupervisionGraceHours, bool? Enabled);

public sealed record CalendarRequest(string? Code, int? Version, string? Name, string? TimeZone, Dictionary<string, string[][]>? Week, bool? ObservesHolidays);

public sealed record DepartmentRequest(string? Code, int? Version, string? Name, string? ParentCode, string? Kind, string? CalendarCode, bool? Active);

public sealed record AreaRequest(string? Code, int? Version, string? Name, string? Level, string? ParentCode);

public sealed record CategoryRequest(string? Code, int? Version, string? Name, bool? Active);

public sealed record UserRequest(string? Username, int? Version, string? DisplayName, string? Role, string? DepartmentCode, bool? Active);

public sealed record TokenRequest(string? Label, DateTimeOffset? ExpiresAt);

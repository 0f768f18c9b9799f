using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>
/// SLA policies (admin role): the limits, warning thresholds, automatic return and supervision grace that make the escalation
/// ladder. Versioned like routing rules; clocks already running keep the version they started with.
/// </summary>
public static class SlaPoliciesApi
{
    public static IEndpointRouteBuilder MapSlaPoliciesApi(this IEndpointRouteBuilder app)
    {
        var policies = app.MapAdminGroup("sla-policies", ApiTags.SlaPolicies);
        policies.MapGet("/", List).WithName("ListSlaPolicies")
            .WithSummary("Every policy: limits, warning thresholds, auto-return and supervision grace (the escalation ladder).");
        policies.MapGet("/{id:long}/versions", Versions).WithName("ListSlaPolicyVersions")
            .WithSummary("Every version of a policy, oldest first, with who saved it and when.");
        policies.MapPost("/", Create).WithName("CreateSlaPolicy")
            .WithSummary("Creates a policy.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        policies.MapPut("/{id:long}", Edit).WithName("EditSlaPolicy")
            .WithSummary("A new version of a policy (body with the version it was edited from).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        policies.MapPost("/{id:long}/enable", Enable).WithName("EnableSlaPolicy")
            .WithSummary("Puts a policy back in force: {version}.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        policies.MapPost("/{id:long}/disable", Disable).WithName("DisableSlaPolicy")
            .WithSummary("Takes a policy out of force without deleting it: {version}.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SlaAdministration.PolicyView>>> List(SlaAdministration admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    public static async Task<Ok<IReadOnlyList<Workers.Routing.RuleVersionView>>> Versions(long id, SlaAdministration admin,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.VersionsAsync(id, cancellationToken));

    public static async Task<Results<Created<SlaPolicy>, ValidationProblem, ProblemHttpResult>> Create(PolicyRequest body,
        SlaAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        const string title = "The policy was not saved.";
        var fields = new Fields();
        var draft = Draft(fields, body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: title);
        }

        return AdminAnswers.Created(await admin.CreateAsync(draft!, user.ToActor().ToString(), cancellationToken),
            p => $"/api/admin/sla-policies/{p.Id}", title);
    }

    public static async Task<Results<Ok<SlaPolicy>, ValidationProblem, ProblemHttpResult>> Edit(long id, PolicyRequest body,
        SlaAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        const string title = "The policy was not saved.";
        var fields = new Fields();
        var draft = Draft(fields, body);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: title);
        }

        return AdminAnswers.Changed(await admin.EditAsync(id, version, draft!, user.ToActor().ToString(), cancellationToken), title);
    }

    public static Task<Results<Ok<SlaPolicy>, ValidationProblem, ProblemHttpResult>> Enable(long id, VersionRequest body,
        SlaAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetEnabled(id, body, enabled: true, admin, user, cancellationToken);

    public static Task<Results<Ok<SlaPolicy>, ValidationProblem, ProblemHttpResult>> Disable(long id, VersionRequest body,
        SlaAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetEnabled(id, body, enabled: false, admin, user, cancellationToken);

    private static async Task<Results<Ok<SlaPolicy>, ValidationProblem, ProblemHttpResult>> SetEnabled(long id, VersionRequest body, bool enabled,
        SlaAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (body.Version is not { } version || version < 1)
        {
            return VersionRequest.Missing();
        }

        return AdminAnswers.Changed(await admin.SetEnabledAsync(id, version, enabled, user.ToActor().ToString(), cancellationToken), "Nothing was changed.");
    }

    /// <summary>The policy the body describes, for the id the store gives it; null (with the fields' reasons) when the body is refused.</summary>
    private static Func<long, SlaPolicy>? Draft(Fields fields, PolicyRequest body)
    {
        var priority = fields.Priority(body.Priority);
        var name = fields.Text("name", body.Name, 200, required: true, allowLineBreaks: false);
        var types = fields.Codes("requestTypes", body.RequestTypes, 10);
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

        if (name is null || types is null || signOff is null || reply is null || body.WarningPercents is not { Count: <= 10 } warnings
            || body.SupervisionGraceHours is not { } grace)
        {
            return null;
        }

        return id => new SlaPolicy(id, 1, priority, name, types, category, urgency, signOff, reply, [.. warnings],
            body.AutoReturnOnSignOffBreach ?? false, grace, body.Enabled ?? true);
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
}

public sealed record LimitRequest(decimal? Amount, string? Unit);

public sealed record PolicyRequest(
    int? Version, int? Priority, string? Name, IReadOnlyList<string?>? RequestTypes, string? CategoryPrefix, string? Urgency, LimitRequest? SignOff,
    LimitRequest? Reply, IReadOnlyList<int>? WarningPercents, bool? AutoReturnOnSignOffBreach, decimal? SupervisionGraceHours, bool? Enabled);

using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;

namespace Dispatch.Api.Apis.Administration;

/// <summary>
/// SLA policies (admin role): the limits, warning thresholds, automatic return and supervision grace that make the escalation
/// ladder, versioned as <see cref="VersionedRulesApi{TAdmin, TRequest, TDraft, TRule, TView}"/> serves them; clocks already running
/// keep the version they started with.
/// </summary>
public static class SlaPoliciesApi
{
    private static readonly VersionedRulesApi<SlaAdministration, PolicyRequest, Func<long, SlaPolicy>, SlaPolicy, SlaAdministration.PolicyView> Policies =
        new("sla-policies", "SlaPolicy", "SlaPolicies", Draft, p => p.Id, "The policy was not saved.", "The policy was not saved.");

    public static IEndpointRouteBuilder MapSlaPoliciesApi(this IEndpointRouteBuilder app)
    {
        Policies.Map(app, ApiTags.SlaPolicies, new(
            List: "Every policy: limits, warning thresholds, auto-return and supervision grace (the escalation ladder).",
            Versions: "Every version of a policy, oldest first, with who saved it and when.",
            Create: "Creates a policy.",
            Edit: "A new version of a policy (body with the version it was edited from).",
            Enable: "Puts a policy back in force: {version}.",
            Disable: "Takes a policy out of force without deleting it: {version}."));
        return app;
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
            body.AutoReturnOnSignOffBreach ?? false, grace, body.Enabled ?? true, body.RectificationPhotosRequired ?? false);
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
    LimitRequest? Reply, IReadOnlyList<int>? WarningPercents, bool? AutoReturnOnSignOffBreach, decimal? SupervisionGraceHours, bool? Enabled,
    [property: System.ComponentModel.Description("整改照片: the reply must name at least one photo on the case of what was put right (default false).")]
    bool? RectificationPhotosRequired = null)
    : IVersionedRequest;

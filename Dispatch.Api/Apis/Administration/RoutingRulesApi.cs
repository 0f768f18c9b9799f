using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Reports;
using Dispatch.Workers.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis.Administration;

/// <summary>
/// The routing table (admin role), versioned as <see cref="VersionedRulesApi{TAdmin, TRequest, TDraft, TRule, TView}"/> serves it: every
/// change refused with the reason when it would leave the rules inconsistent, and recorded. Besides, the whole table reordered at once,
/// and a dry run that replays a period's cases against a proposed table before anyone saves it.
/// </summary>
public static class RoutingRulesApi
{
    private static readonly VersionedRulesApi<RoutingAdministration, RuleRequest, RuleDraft, RoutingRule, RuleView> Rules = new("routing-rules",
        "RoutingRule", "RoutingRules", (fields, body) => Rule(fields, "", body), r => r.Id, "The rule was not created.", "The rule was not changed.");

    public static IEndpointRouteBuilder MapRoutingRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = Rules.Map(app, ApiTags.RoutingRules, new(
            List: "Every rule, enabled or not, in the order they are tried.",
            Versions: "Every version of a rule, oldest first, with who saved it and when.",
            Create: "Creates a rule: {priority, name, requestTypes, categoryPrefix, areaCode, keywords, leadDepartmentCode, assistingDepartmentCodes, enabled}.",
            Edit: "A new version of a rule: the same body plus the version it was edited from.",
            Enable: "Puts a rule back in the table: {version}.",
            Disable: "Takes a rule out of the table without deleting it: {version}."));
        rules.MapPost("/reorder", Reorder).WithName("ReorderRoutingRules")
            .WithSummary("{ids: [every rule's id in the new order], versions: [each one's version as read]}: priorities become 10, 20, 30, …")
            .ProducesProblem(StatusCodes.Status409Conflict);
        rules.MapPost("/dry-run", DryRun).WithName("DryRunRoutingRules")
            .WithSummary("{rules: [a whole proposed table], from, to, examples}: replays the period's cases and says how many would go elsewhere, where, with examples.");
        return app;
    }

    public static async Task<Results<Ok<RoutingRule>, ValidationProblem, ProblemHttpResult>> Reorder(ReorderRequest body,
        RoutingAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (body.Ids is not { Count: > 0 and <= 10_000 } ids || ids.Any(i => i is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = ["Every rule's id, in the new order."] });
        }

        if (body.Versions is { } versions && (versions.Count != ids.Count || versions.Any(v => v is not > 0)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["versions"] = ["Each rule's version as you read the table (from the list), in the order of ids; or leave it out."],
            });
        }

        return AdminAnswers.Changed(await admin.ReorderAsync([.. ids.Select(i => i!.Value)], body.Versions?.Select(v => v!.Value).ToList(),
                user.ToActor().ToString(), cancellationToken),
            "The rules were not reordered.");
    }

    public static async Task<Results<Ok<DryRun>, ValidationProblem>> DryRun(DryRunRequest body, RoutingAdministration admin,
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

    private static async Task<Results<Ok<RoutingRule>, ValidationProblem, ProblemHttpResult>> SetEnabled(long id, VersionRequest body, bool enabled,
        RoutingAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (body.Version is not { } version || version < 1)
        {
            return VersionRequest.Missing();
        }

        return AdminAnswers.Changed(await admin.SetEnabledAsync(id, version, enabled, user.ToActor().ToString(), cancellationToken), "Nothing was changed.");
    }

    private static RuleDraft? Rule(Fields fields, string prefix, RuleRequest? body)
    {
        if (body is null)
        {
            fields.Fail(prefix.TrimEnd('.') is { Length: > 0 } p ? p : "body", "Required.");
            return null;
        }

        var priority = fields.Priority(body.Priority, prefix + "priority");
        var name = fields.Text(prefix + "name", body.Name, 200, required: true, allowLineBreaks: false);
        var types = fields.Codes(prefix + "requestTypes", body.RequestTypes, 10);
        var category = fields.Code(prefix + "categoryPrefix", body.CategoryPrefix, required: false, maxLength: 12);
        var area = fields.Code(prefix + "areaCode", body.AreaCode, required: false);
        var lead = fields.Code(prefix + "leadDepartmentCode", body.LeadDepartmentCode, required: true);
        var assisting = fields.Codes(prefix + "assistingDepartmentCodes", body.AssistingDepartmentCodes, 10);
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
}

/// <summary>The new order; with <c>versions</c> (each rule's version as read, in the order of <c>ids</c>) a table changed since is a 409.</summary>
public sealed record ReorderRequest(
    IReadOnlyList<long?>? Ids,
    [property: System.ComponentModel.Description("Each rule's version as the table was read, in the order of ids: a rule changed since makes the reorder a 409. Optional.")]
    IReadOnlyList<int?>? Versions = null);

public sealed record RuleRequest(
    long? Id, int? Version, int? Priority, string? Name, IReadOnlyList<string?>? RequestTypes, string? CategoryPrefix, string? AreaCode,
    IReadOnlyList<string?>? Keywords, string? LeadDepartmentCode, IReadOnlyList<string?>? AssistingDepartmentCodes, bool? Enabled) : IVersionedRequest;

public sealed record DryRunRequest(IReadOnlyList<RuleRequest?>? Rules, string? From, string? To, int? Examples);

namespace Dispatch.Workers.Routing;

/// <summary>First match wins, in priority order (then id, so the order is total); otherwise the fallback department.</summary>
public static class CaseRouter
{
    public const string ByRule = "routing-rule";
    public const string ByFallback = "routing-fallback";

    public static RoutingDecision Route(RoutingInput input, IEnumerable<RoutingRule> rules, string fallbackDepartmentCode)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(fallbackDepartmentCode);

        var match = rules.OrderBy(r => r.Priority).ThenBy(r => r.Id).FirstOrDefault(r => r.Matches(input));
        return match is null
            ? new RoutingDecision(fallbackDepartmentCode, [], ByFallback, null, null,
                $"no enabled rule matched; sent to the fallback department {fallbackDepartmentCode}")
            : new RoutingDecision(match.LeadDepartmentCode,
                [.. match.AssistingDepartmentCodes.Where(d => d != match.LeadDepartmentCode).Distinct()],
                ByRule, match.Id, match.Version,
                $"rule {match.Id} v{match.Version} '{match.Name}' (priority {match.Priority}) matched");
    }
}

/// <summary>Where a case goes and why: <see cref="DecidedBy"/> is <see cref="CaseRouter.ByRule"/> or <see cref="CaseRouter.ByFallback"/>.</summary>
public sealed record RoutingDecision(
    string LeadDepartmentCode,
    IReadOnlyList<string> AssistingDepartmentCodes,
    string DecidedBy,
    long? RuleId,
    int? RuleVersion,
    string Explanation);

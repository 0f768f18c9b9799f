using Dispatch.Workers.Cases;
using Dispatch.Workers.Routing;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// Whether a set of SLA policies may stand, checked as a whole: <see cref="SlaAdministration"/> refuses a change that adds a problem.
/// Pure, as <see cref="RoutingRuleValidation"/> is for the routing table.
/// </summary>
public static class SlaPolicyValidation
{
    /// <summary>
    /// Checks a policy set: codes exist, limits are positive, warnings lie between 1 and 99 %, each enabled policy has
    /// its own priority, none is unreachable, and an enabled catch-all remains so that every case gets clocks.
    /// </summary>
    public static IReadOnlyList<RuleProblem> Check(IReadOnlyList<SlaPolicy> policies, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(catalogue);
        var problems = new List<RuleProblem>();
        for (var i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            foreach (var (field, limit) in new[] { ("signOff", p.SignOff), ("reply", p.Reply) })
            {
                var hours = limit.Unit == LimitUnit.WorkingDays ? limit.Amount * 8 : limit.Amount;
                if (limit.Amount <= 0 || hours > 24 * 366)
                {
                    problems.Add(new(i, $"{field}.amount", "More than 0, and at most a year."));
                }
            }

            if (p.WarningPercents.Any(w => w is < 1 or > 99) || p.WarningPercents.Distinct().Count() != p.WarningPercents.Count)
            {
                problems.Add(new(i, "warningPercents", "Each between 1 and 99, each once."));
            }

            if (p.SupervisionGraceHours is < 0 or > 24 * 30)
            {
                problems.Add(new(i, "supervisionGraceHours", "From 0 to 720 hours."));
            }

            if (p.CategoryPrefix is { } prefix
                && (prefix.Length is not (2 or 4 or 6) || !catalogue.Categories.Keys.Any(c => c.StartsWith(prefix, StringComparison.Ordinal))))
            {
                problems.Add(new(i, "categoryPrefix", $"'{prefix}' is not a category code or the first 2 or 4 digits of one."));
            }

            if (p.Urgency is { } urgency && !Urgencies.All.Contains(urgency))
            {
                problems.Add(new(i, "urgency", $"'{urgency}' is not an urgency ({string.Join(", ", Urgencies.All)})."));
            }

            for (var t = 0; t < p.RequestTypes.Count; t++)
            {
                if (!RequestTypes.All.Contains(p.RequestTypes[t]))
                {
                    problems.Add(new(i, $"requestTypes[{t}]", $"'{p.RequestTypes[t]}' is not a request type."));
                }
            }
        }

        var enabled = policies.Select((p, i) => (Policy: p, Index: i)).Where(x => x.Policy.Enabled)
            .OrderBy(x => x.Policy.Priority).ThenBy(x => x.Policy.Id).ToList();
        foreach (var same in enabled.GroupBy(x => x.Policy.Priority).Where(g => g.Count() > 1))
        {
            foreach (var (policy, index) in same.Skip(1))
            {
                problems.Add(new(index, "priority", $"Priority {policy.Priority} is also policy {same.First().Policy.Id}'s; each enabled policy has its own."));
            }
        }

        for (var b = 0; b < enabled.Count; b++)
        {
            var later = enabled[b].Policy;
            if (enabled.Take(b).FirstOrDefault(a => Covers(a.Policy, later)) is { Policy: not null } earlier)
            {
                problems.Add(new(enabled[b].Index, "priority",
                    $"Policy '{later.Name}' can never apply: policy {earlier.Policy.Id} '{earlier.Policy.Name}' (priority {earlier.Policy.Priority}) comes first and covers every case it would."));
            }
        }

        if (!enabled.Any(x => x.Policy.RequestTypes.Count == 0 && x.Policy.CategoryPrefix is null && x.Policy.Urgency is null))
        {
            problems.Add(new(enabled.Count > 0 ? enabled[^1].Index : 0, "enabled",
                "No enabled catch-all policy (no request type, category or urgency) would remain: cases matching no policy would run no clock."));
        }

        return problems;
    }

    private static bool Covers(SlaPolicy earlier, SlaPolicy later) =>
        (earlier.RequestTypes.Count == 0 || (later.RequestTypes.Count > 0 && later.RequestTypes.All(earlier.RequestTypes.Contains)))
        && (earlier.CategoryPrefix is null || (later.CategoryPrefix is not null && later.CategoryPrefix.StartsWith(earlier.CategoryPrefix, StringComparison.Ordinal)))
        && (earlier.Urgency is null || earlier.Urgency == later.Urgency);
}

using Dispatch.Workers.Cases;

namespace Dispatch.Workers.Routing;

/// <summary>One thing wrong with a rule set: which rule (its position in the set), which field, and why.</summary>
public sealed record RuleProblem(int Index, string Field, string Reason);

/// <summary>
/// Checks a whole routing table before it is saved or dry-run: every code exists, every enabled rule has its own
/// priority, and no enabled rule is unreachable because an earlier one matches every case it would match. Pure.
/// </summary>
public static class RoutingRuleValidation
{
    public static IReadOnlyList<RuleProblem> Check(IReadOnlyList<RoutingRule> rules, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(catalogue);
        var problems = new List<RuleProblem>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!catalogue.Departments.TryGetValue(rule.LeadDepartmentCode, out var lead))
            {
                problems.Add(new(i, "leadDepartmentCode", $"There is no department {rule.LeadDepartmentCode}."));
            }
            else if (!lead.Active && rule.Enabled)
            {
                problems.Add(new(i, "leadDepartmentCode", $"Department {rule.LeadDepartmentCode} is inactive; an enabled rule cannot send cases to it."));
            }

            for (var a = 0; a < rule.AssistingDepartmentCodes.Count; a++)
            {
                if (!catalogue.Departments.ContainsKey(rule.AssistingDepartmentCodes[a]))
                {
                    problems.Add(new(i, $"assistingDepartmentCodes[{a}]", $"There is no department {rule.AssistingDepartmentCodes[a]}."));
                }
            }

            if (rule.AreaCode is { } area && !catalogue.Areas.ContainsKey(area))
            {
                problems.Add(new(i, "areaCode", $"There is no area {area}."));
            }

            if (rule.CategoryPrefix is { } prefix
                && (prefix.Length is not (2 or 4 or 6) || !catalogue.Categories.Keys.Any(c => c.StartsWith(prefix, StringComparison.Ordinal))))
            {
                problems.Add(new(i, "categoryPrefix", $"'{prefix}' is not a category code or the first 2 or 4 digits of one."));
            }

            for (var t = 0; t < rule.RequestTypes.Count; t++)
            {
                if (!RequestTypes.All.Contains(rule.RequestTypes[t]))
                {
                    problems.Add(new(i, $"requestTypes[{t}]", $"'{rule.RequestTypes[t]}' is not a request type ({string.Join(", ", RequestTypes.All)})."));
                }
            }
        }

        var enabled = rules.Select((r, i) => (Rule: r, Index: i)).Where(x => x.Rule.Enabled)
            .OrderBy(x => x.Rule.Priority).ThenBy(x => x.Rule.Id).ToList();
        foreach (var same in enabled.GroupBy(x => x.Rule.Priority).Where(g => g.Count() > 1))
        {
            foreach (var (rule, index) in same.Skip(1))
            {
                problems.Add(new(index, "priority",
                    $"Priority {rule.Priority} is also rule {same.First().Rule.Id}'s ('{same.First().Rule.Name}'); priorities decide the order, so each enabled rule has its own."));
            }
        }

        for (var b = 0; b < enabled.Count; b++)
        {
            if (enabled.Take(b).FirstOrDefault(a => Covers(a.Rule, enabled[b].Rule, catalogue)) is { Rule: not null } earlier)
            {
                problems.Add(new(enabled[b].Index, "priority",
                    $"Rule '{enabled[b].Rule.Name}' can never match: rule {earlier.Rule.Id} '{earlier.Rule.Name}' (priority {earlier.Rule.Priority}) comes first and matches every case it would."));
            }
        }

        return problems;
    }

    /// <summary>True when every case <paramref name="later"/> matches is also matched by <paramref name="earlier"/>.</summary>
    public static bool Covers(RoutingRule earlier, RoutingRule later, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        ArgumentNullException.ThrowIfNull(catalogue);
        var types = earlier.RequestTypes.Count == 0 || (later.RequestTypes.Count > 0 && later.RequestTypes.All(earlier.RequestTypes.Contains));
        var category = earlier.CategoryPrefix is null
            || (later.CategoryPrefix is not null && later.CategoryPrefix.StartsWith(earlier.CategoryPrefix, StringComparison.Ordinal));
        var area = earlier.AreaCode is null || (later.AreaCode is not null && IsWithin(later.AreaCode, earlier.AreaCode, catalogue));
        var words = earlier.Keywords.Count == 0
            || (later.Keywords.Count > 0 && later.Keywords.All(w => earlier.Keywords.Any(e => w.Contains(e, StringComparison.OrdinalIgnoreCase))));
        return types && category && area && words;
    }

    private static bool IsWithin(string area, string ancestor, Catalogue.Catalogue catalogue)
    {
        for (var code = area; code is not null; code = catalogue.Areas.GetValueOrDefault(code)?.ParentCode)
        {
            if (code == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}

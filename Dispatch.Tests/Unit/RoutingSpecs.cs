using Dispatch.Workers.Routing;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class RoutingSpecs
{
    private const string Fallback = "GOV";

    private static RoutingRule Rule(long id, int priority, string lead, string? category = null, string? area = null,
        string[]? keywords = null, string[]? types = null, string[]? assisting = null, bool enabled = true, int version = 1) =>
        new(id, version, priority, $"rule {id}", types ?? [], category, area, keywords ?? [], lead, assisting ?? [], enabled);

    private static RoutingInput Input(string category = "010201", string type = "complaint", string[]? areas = null,
        string title = "噪声", string content = "晚上施工") =>
        new(type, category, areas ?? ["DM", "DM-S02", "DM-S02-C01"], title, content);

    [Test]
    public void The_first_matching_rule_by_priority_wins_not_the_first_in_the_list()
    {
        var rules = new[] { Rule(1, 50, "UM", category: "01"), Rule(2, 10, "ENV", category: "0102") };

        var decision = CaseRouter.Route(Input(), rules, Fallback);

        Assert.Multiple(() =>
        {
            Assert.That(decision.LeadDepartmentCode, Is.EqualTo("ENV"));
            Assert.That(decision.RuleId, Is.EqualTo(2));
            Assert.That(decision.DecidedBy, Is.EqualTo(CaseRouter.ByRule));
        });
    }

    [Test]
    public void Equal_priorities_are_ordered_by_id_so_the_outcome_never_depends_on_load_order()
    {
        var a = Rule(7, 10, "A", category: "01");
        var b = Rule(3, 10, "B", category: "01");

        Assert.Multiple(() =>
        {
            Assert.That(CaseRouter.Route(Input(), [a, b], Fallback).LeadDepartmentCode, Is.EqualTo("B"));
            Assert.That(CaseRouter.Route(Input(), [b, a], Fallback).LeadDepartmentCode, Is.EqualTo("B"));
        });
    }

    [TestCase("01", true)]
    [TestCase("0102", true)]
    [TestCase("010201", true)]
    [TestCase("010202", false)]
    [TestCase("02", false)]
    [TestCase("1", false)]
    public void A_category_condition_matches_by_prefix_of_the_hierarchical_code(string prefix, bool matches)
    {
        Assert.That(Rule(1, 1, "X", category: prefix).Matches(Input(category: "010201")), Is.EqualTo(matches));
    }

    [TestCase("DM", true)]
    [TestCase("DM-S02", true)]
    [TestCase("DM-S02-C01", true)]
    [TestCase("DM-S01", false)]
    [TestCase("DM-S02-C01-G01", false)]
    public void An_area_condition_matches_any_level_of_the_case_location(string area, bool matches)
    {
        Assert.That(Rule(1, 1, "X", area: area).Matches(Input()), Is.EqualTo(matches));
    }

    [Test]
    public void Keywords_match_the_title_or_the_content_and_any_one_is_enough()
    {
        var rule = Rule(1, 1, "ENERGY", keywords: ["燃气泄漏", "煤气味"]);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Matches(Input(title: "楼道有煤气味")), Is.True);
            Assert.That(rule.Matches(Input(content: "疑似燃气泄漏，请速来")), Is.True);
            Assert.That(rule.Matches(Input(title: "Gas", content: "nothing")), Is.False);
            Assert.That(Rule(2, 1, "X", keywords: ["gas"]).Matches(Input(title: "GAS leak")), Is.True, "ASCII keywords ignore case");
        });
    }

    [Test]
    public void Request_types_restrict_a_rule_and_every_set_condition_must_hold()
    {
        var rule = Rule(1, 1, "GOV", category: "10", types: ["consultation", "suggestion"]);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Matches(Input(category: "100101", type: "consultation")), Is.True);
            Assert.That(rule.Matches(Input(category: "100101", type: "complaint")), Is.False);
            Assert.That(rule.Matches(Input(category: "010101", type: "consultation")), Is.False);
        });
    }

    [Test]
    public void A_disabled_rule_never_matches()
    {
        var decision = CaseRouter.Route(Input(), [Rule(1, 1, "UM", category: "01", enabled: false)], Fallback);

        Assert.That(decision.LeadDepartmentCode, Is.EqualTo(Fallback));
    }

    [Test]
    public void When_nothing_matches_the_fallback_decides_and_says_so()
    {
        var decision = CaseRouter.Route(Input(category: "090101"), [Rule(1, 1, "UM", category: "01")], Fallback);

        Assert.Multiple(() =>
        {
            Assert.That(decision.LeadDepartmentCode, Is.EqualTo(Fallback));
            Assert.That(decision.DecidedBy, Is.EqualTo(CaseRouter.ByFallback));
            Assert.That(decision.RuleId, Is.Null);
            Assert.That(decision.AssistingDepartmentCodes, Is.Empty);
            Assert.That(decision.Explanation, Does.Contain("fallback"));
        });
    }

    [Test]
    public void The_decision_names_the_rule_and_its_version_and_the_assisting_departments()
    {
        var decision = CaseRouter.Route(Input(), [Rule(6, 30, "UM", category: "010201", assisting: ["ENV", "UM", "ENV"], version: 4)], Fallback);

        Assert.Multiple(() =>
        {
            Assert.That(decision.RuleId, Is.EqualTo(6));
            Assert.That(decision.RuleVersion, Is.EqualTo(4));
            Assert.That(decision.AssistingDepartmentCodes, Is.EqualTo(new[] { "ENV" }), "the lead is not also assisting; no duplicates");
            Assert.That(decision.Explanation, Does.Contain("rule 6 v4"));
        });
    }

    [Test]
    public void The_demo_seed_routes_every_leaf_category_by_a_rule_not_the_fallback()
    {
        var seed = Dispatch.Workers.Catalogue.DemoSeed.Load();
        var rules = seed.RoutingRules.Select(r => r.ToRule(1)).ToList();
        var parents = seed.Categories.Select(c => c.Parent).OfType<string>().ToHashSet();
        var leaves = seed.Categories.Where(c => !parents.Contains(c.Code)).ToList();

        // Consultations and suggestions cover the general-affairs branch; other branches take any type.
        var unrouted = leaves
            .Where(c => CaseRouter.Route(Input(category: c.Code, type: "consultation"), rules, Fallback).DecidedBy != CaseRouter.ByRule)
            .Select(c => c.Code);

        Assert.Multiple(() =>
        {
            Assert.That(leaves, Has.Count.GreaterThanOrEqualTo(30));
            Assert.That(unrouted, Is.Empty);
        });
    }
}

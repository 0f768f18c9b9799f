using Dispatch.Tests.Support;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Routing;

namespace Dispatch.Tests.Unit;

/// <summary>What makes a routing table or a policy set refusable, checked before anything is saved or dry-run.</summary>
[Category("Unit")]
public sealed class RuleValidationSpecs
{
    private static readonly Catalogue Catalogue = DemoCatalogue.Instance;

    private static RoutingRule Rule(long id, int priority, string lead = "UM", string? category = null, string? area = null,
        string[]? keywords = null, string[]? types = null, string[]? assisting = null, bool enabled = true) =>
        new(id, 1, priority, $"rule {id}", types ?? [], category, area, keywords ?? [], lead, assisting ?? [], enabled);

    private static string[] Problems(params RoutingRule[] rules) =>
        [.. RoutingRuleValidation.Check(rules, Catalogue).Select(p => $"{p.Index}.{p.Field}")];

    [Test]
    public void The_demo_districts_rules_and_policies_are_valid()
    {
        var seed = DemoSeed.Load();

        Assert.Multiple(() =>
        {
            Assert.That(RoutingRuleValidation.Check([.. seed.RoutingRules.Select(r => r.ToRule(1))], Catalogue), Is.Empty);
            Assert.That(SlaPolicyValidation.Check([.. seed.SlaPolicies.Select(p => p.ToPolicy(1))], Catalogue), Is.Empty);
        });
    }

    [Test]
    public void Codes_that_do_not_exist_are_named_field_by_field()
    {
        Assert.That(Problems(Rule(1, 10, lead: "NOPE", category: "99", area: "XX", types: ["gossip"], assisting: ["UM", "NADA"])),
            Is.EquivalentTo(new[] { "0.leadDepartmentCode", "0.categoryPrefix", "0.areaCode", "0.requestTypes[0]", "0.assistingDepartmentCodes[1]" }));
    }

    [TestCase("0")]
    [TestCase("010")]
    [TestCase("0199")]
    public void A_category_prefix_is_the_first_two_four_or_six_digits_of_a_real_category(string prefix) =>
        Assert.That(Problems(Rule(1, 10, category: prefix)), Is.EqualTo(new[] { "0.categoryPrefix" }));

    [Test]
    public void Two_enabled_rules_never_share_a_priority_but_a_disabled_one_may()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems(Rule(1, 10, category: "01"), Rule(2, 10, category: "02")), Is.EqualTo(new[] { "1.priority" }));
            Assert.That(Problems(Rule(1, 10, category: "01"), Rule(2, 10, category: "02", enabled: false)), Is.Empty);
        });
    }

    [Test]
    public void A_rule_that_an_earlier_one_always_beats_is_unreachable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems(Rule(1, 10, category: "01"), Rule(2, 20, category: "0102")), Is.EqualTo(new[] { "1.priority" }),
                "every 0102 case is an 01 case");
            Assert.That(Problems(Rule(1, 10, area: "DM-S02"), Rule(2, 20, area: "DM-S02-C01")), Is.EqualTo(new[] { "1.priority" }),
                "a community lies in its street");
            Assert.That(Problems(Rule(1, 10, keywords: ["噪声"]), Rule(2, 20, keywords: ["夜间噪声", "施工噪声"])), Is.EqualTo(new[] { "1.priority" }),
                "every text that mentions 夜间噪声 mentions 噪声");
            Assert.That(Problems(Rule(1, 10, types: ["complaint", "report"]), Rule(2, 20, types: ["complaint"])), Is.EqualTo(new[] { "1.priority" }));
            Assert.That(Problems(Rule(1, 10), Rule(2, 20, category: "02")), Is.EqualTo(new[] { "1.priority" }), "a catch-all ends the table");
        });
    }

    [Test]
    public void A_narrower_or_disabled_earlier_rule_leaves_the_later_one_reachable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems(Rule(1, 10, category: "0102"), Rule(2, 20, category: "01")), Is.Empty);
            Assert.That(Problems(Rule(1, 10, category: "01", area: "DM-S02"), Rule(2, 20, category: "01")), Is.Empty);
            Assert.That(Problems(Rule(1, 10, keywords: ["夜间噪声"]), Rule(2, 20, keywords: ["噪声"])), Is.Empty);
            Assert.That(Problems(Rule(1, 10, category: "01", enabled: false), Rule(2, 20, category: "0102")), Is.Empty);
            Assert.That(Problems(Rule(1, 10, types: ["complaint"]), Rule(2, 20)), Is.Empty);
        });
    }

    private static SlaPolicy Policy(long id, int priority, string? category = null, string? urgency = null, decimal signOff = 1, decimal reply = 5,
        int[]? warnings = null, bool enabled = true) =>
        new(id, 1, priority, $"policy {id}", [], category, urgency, new SlaLimit(signOff, LimitUnit.WorkingDays), new SlaLimit(reply, LimitUnit.WorkingDays),
            warnings ?? [50, 80], false, 8, enabled);

    private static string[] PolicyProblems(params SlaPolicy[] policies) =>
        [.. SlaPolicyValidation.Check(policies, Catalogue).Select(p => $"{p.Index}.{p.Field}")];

    [Test]
    public void A_policy_set_keeps_an_enabled_catch_all_positive_limits_and_sensible_warnings()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PolicyProblems(Policy(1, 10, urgency: "urgent"), Policy(2, 100)), Is.Empty);
            Assert.That(PolicyProblems(Policy(1, 10, urgency: "urgent"), Policy(2, 100, enabled: false)), Is.EqualTo(new[] { "0.enabled" }));
            Assert.That(PolicyProblems(Policy(1, 10, urgency: "urgent", signOff: 0, reply: -1), Policy(2, 100)), Is.EqualTo(new[] { "0.signOff.amount", "0.reply.amount" }));
            Assert.That(PolicyProblems(Policy(1, 10, urgency: "urgent", warnings: [0, 100]), Policy(2, 100)), Is.EqualTo(new[] { "0.warningPercents" }));
            Assert.That(PolicyProblems(Policy(1, 10, category: "99"), Policy(2, 100)), Is.EqualTo(new[] { "0.categoryPrefix" }));
            Assert.That(PolicyProblems(Policy(1, 10), Policy(2, 100, urgency: "urgent")), Is.EqualTo(new[] { "1.priority" }), "unreachable after the catch-all");
        });
    }

    [TestCase("010000", 1, null)]
    [TestCase("010200", 2, "010000")]
    [TestCase("010203", 3, "010200")]
    [TestCase("000000", 0, null)]
    [TestCase("01020", 0, null)]
    [TestCase("01x200", 0, null)]
    public void A_category_codes_place_in_the_tree_follows_from_its_digits(string code, int level, string? parent) =>
        Assert.That(CatalogueAdministration.CategoryPlace(code), Is.EqualTo((level, parent)));
}

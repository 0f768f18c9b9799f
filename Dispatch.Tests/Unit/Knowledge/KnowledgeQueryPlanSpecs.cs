using Dispatch.Workers.Knowledge;

namespace Dispatch.Tests.Unit.Knowledge;

/// <summary>How a search reads a query, from its terms' counts: IDF, the postings budget, and the weight words the base lacks add.</summary>
[Category("Unit")]
public sealed class KnowledgeQueryPlanSpecs
{
    [Test]
    public void Rarer_terms_weigh_more()
    {
        Assert.That(KnowledgeQueryPlan.Idf(1_000, 5), Is.GreaterThan(KnowledgeQueryPlan.Idf(1_000, 500)));
    }

    [Test]
    public void The_most_common_terms_are_left_out_when_a_query_would_read_more_than_the_budget_but_the_rarest_is_always_read()
    {
        var query = new QueryTerms(["公积金", "办理", "需要"], ["公积金", "办理", "需要"]);
        var counts = new Dictionary<string, int> { ["公积金"] = 900, ["办理"] = 60_000, ["需要"] = 80_000 };

        var plan = KnowledgeQueryPlan.Of(query, counts, 100_000, postingsBudget: 70_000, coverage: 0.5);
        var tight = KnowledgeQueryPlan.Of(query, counts, 100_000, postingsBudget: 100, coverage: 0.5);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Read.Select(r => r.Term), Is.EqualTo(new[] { "公积金", "办理" }));
            Assert.That(tight.Read.Select(r => r.Term), Is.EqualTo(new[] { "公积金" }));
        });
    }

    [Test]
    public void A_word_the_base_has_never_seen_adds_the_weight_of_an_unseen_term_unless_a_part_of_it_is_known()
    {
        var query = new QueryTerms(["火星", "移民", "政策"], ["火星", "移民", "政策"]);
        var counts = new Dictionary<string, int> { ["政策"] = 300 };

        var plan = KnowledgeQueryPlan.Of(query, counts, 1_000, 100_000, 0.5);
        var partKnown = KnowledgeQueryPlan.Of(new QueryTerms(["公积金", "取出来", "取出"], ["公积金", "取出来"]),
            new Dictionary<string, int> { ["公积金"] = 10, ["取出"] = 20 }, 1_000, 100_000, 0.5);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Unseen, Is.EqualTo(new[] { "火星", "移民" }));
            Assert.That(plan.Weight, Is.EqualTo(KnowledgeQueryPlan.Idf(1_000, 300) + 2 * KnowledgeQueryPlan.Idf(1_000, 0)).Within(1e-9));
            Assert.That(plan.MinMatched, Is.GreaterThan(KnowledgeQueryPlan.Idf(1_000, 300)), "matching 政策 alone is not enough");
            Assert.That(partKnown.Unseen, Is.Empty, "取出来 is not unseen: 取出 is known");
        });
    }

    [Test]
    public void Nothing_is_read_from_an_empty_base_or_for_unknown_terms()
    {
        var query = new QueryTerms(["停水"], ["停水"]);

        Assert.Multiple(() =>
        {
            Assert.That(KnowledgeQueryPlan.Of(query, new Dictionary<string, int>(), 0, 1_000, 0.5).Read, Is.Empty);
            Assert.That(KnowledgeQueryPlan.Of(query, new Dictionary<string, int> { [""] = 10 }, 10, 1_000, 0.5).Read, Is.Empty);
        });
    }
}

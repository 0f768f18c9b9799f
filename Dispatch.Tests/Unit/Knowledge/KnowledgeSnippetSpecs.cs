using Dispatch.Workers.Knowledge;

namespace Dispatch.Tests.Unit.Knowledge;

/// <summary>What a result shows: the query's words the entry holds, and its answer around them, HTML-escaped with the matches marked.</summary>
[Category("Unit")]
public sealed class KnowledgeSnippetSpecs
{
    [Test]
    public void Matches_are_marked_and_the_rest_is_escaped()
    {
        var snippet = KnowledgeSnippet.Of("提取<script>住房公积金</script>需本人申请 & 审核", ["公积金", "审核"]);

        Assert.That(snippet, Is.EqualTo("提取&lt;script&gt;住房<mark>公积金</mark>&lt;/script&gt;需本人申请 &amp; <mark>审核</mark>"));
    }

    [Test]
    public void Overlapping_matches_are_one_mark_and_full_width_text_is_matched_as_folded()
    {
        Assert.Multiple(() =>
        {
            Assert.That(KnowledgeSnippet.Of("住房公积金租房提取", ["公积金", "公积", "积金", "租房"]), Is.EqualTo("住房<mark>公积金租房</mark>提取"));
            Assert.That(KnowledgeSnippet.Of("下载ＡＰＰ即可", ["app"]), Is.EqualTo("下载<mark>ＡＰＰ</mark>即可"));
        });
    }

    [Test]
    public void A_long_answer_is_cut_around_the_most_matches_with_ellipses()
    {
        var content = new string('甲', 300) + "租房提取公积金需要租房合同" + new string('乙', 300);

        var snippet = KnowledgeSnippet.Of(content, ["租房", "公积金"]);

        Assert.Multiple(() =>
        {
            Assert.That(snippet, Does.StartWith("…").And.EndWith("…"));
            Assert.That(snippet, Does.Contain("<mark>租房</mark>提取<mark>公积金</mark>需要<mark>租房</mark>合同"));
            Assert.That(snippet.Replace("<mark>", "").Replace("</mark>", "").Trim('…'), Has.Length.EqualTo(KnowledgeSnippet.Length));
        });
    }

    [Test]
    public void An_answer_without_a_match_shows_its_beginning_on_one_line()
    {
        Assert.That(KnowledgeSnippet.Of("第一行\n第二行", ["社保"]), Is.EqualTo("第一行 第二行"));
    }

    [Test]
    public void Matched_lists_the_querys_terms_the_entry_holds_without_those_inside_a_longer_one()
    {
        var matched = KnowledgeSnippet.Matched(["公积金", "公积", "积金", "房租", "火星"], "住房公积金租房提取", ["房租"], "可以申请。");

        Assert.That(matched, Is.EqualTo(new[] { "公积金", "房租" }));
    }
}

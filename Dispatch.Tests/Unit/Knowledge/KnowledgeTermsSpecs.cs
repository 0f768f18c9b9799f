using Dispatch.Workers.Knowledge;

namespace Dispatch.Tests.Unit.Knowledge;

/// <summary>
/// The terms the index keeps and a search asks for (jieba's dictionary, shipped in the build's jieba/ folder, included), and the
/// weights: keywords and titles over content, repetition saturating.
/// </summary>
[Category("Unit")]
public sealed class KnowledgeTermsSpecs
{
    private static KnowledgeTerms Hybrid => KnowledgeTerms.Default;

    [Test]
    public void Text_is_folded_to_half_width_lower_case_one_character_for_one()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TextFold.Fold("ＡＰＰ下载１２３４５热线"), Is.EqualTo("app下载12345热线"));
            Assert.That(TextFold.Fold("ETC　办理").Length, Is.EqualTo("ETC　办理".Length));
            Assert.That(TextFold.Runs(TextFold.Fold("拨打12345，或ＡＰＰ")).Select(r => (r.Length, r.Han)),
                Is.EqualTo(new[] { (2, true), (5, false), (1, true), (3, false) }));
        });
    }

    [Test]
    public void The_segmenter_loads_its_shipped_dictionary_and_cuts_words()
    {
        Assert.That(ChineseWords.Shared.Cut("住房公积金租房提取"), Does.Contain("住房公积金").Or.Contain("公积金"));
    }

    [Test]
    public void A_one_character_query_asks_for_that_character_and_titles_and_keywords_index_single_characters()
    {
        var postings = Hybrid.Postings("停水通知", ["停水"], "因管道检修，部分小区暂停供水。");

        Assert.Multiple(() =>
        {
            Assert.That(Hybrid.Query("水").Terms, Is.EqualTo(new[] { "水" }));
            Assert.That(postings.Keys, Does.Contain("水").And.Contain("停"));
            Assert.That(Hybrid.Postings("通知", [], "暂停供水").Keys, Does.Not.Contain("水"), "the content keeps words, not single characters");
        });
    }

    [TestCase("停水", "停水")]
    [TestCase("社保", "社保")]
    [TestCase("ETC", "etc")]
    public void A_two_character_query_asks_for_the_word_itself(string query, string term) =>
        Assert.That(Hybrid.Query(query).Terms, Does.Contain(term));

    [Test]
    public void A_callers_sentence_asks_for_its_words_and_their_parts_not_bigrams_across_words()
    {
        var query = Hybrid.Query("我想把公积金取出来付房租");

        Assert.Multiple(() =>
        {
            Assert.That(query.Terms, Does.Contain("公积金").And.Contain("公积").And.Contain("房租"));
            Assert.That(query.Terms, Does.Not.Contain("把公").And.Not.Contain("金取").And.Not.Contain("来付"));
            Assert.That(query.Words, Does.Contain("公积金"));
            Assert.That(query.Terms, Has.None.Length.EqualTo(1), "single characters are left out of a longer query");
        });
    }

    [Test]
    public void The_title_indexes_the_bigrams_a_caller_may_say_whatever_the_segmenter_made_of_it()
    {
        var postings = Hybrid.Postings("住房公积金租房提取", [], "可申请提取。");

        Assert.That(postings.Keys, Does.Contain("租房").And.Contain("提取").And.Contain("公积金").And.Contain("房提"));
    }

    [Test]
    public void Keywords_weigh_more_than_the_title_and_the_title_more_than_the_content()
    {
        var inKeywords = Hybrid.Postings("通知", ["停水"], "请留意。")["停水"];
        var inTitle = Hybrid.Postings("停水通知", [], "请留意。")["停水"];
        var inContent = Hybrid.Postings("通知", [], "明日停水，请留意。")["停水"];

        Assert.That(new[] { inKeywords, inTitle, inContent }, Is.Ordered.Descending.And.Unique);
    }

    [Test]
    public void Repetition_counts_less_and_less_and_a_term_in_several_fields_adds_them()
    {
        var once = Hybrid.Postings("通知", [], "停水。")["停水"];
        var twice = Hybrid.Postings("通知", [], "停水。停水。")["停水"];
        var often = Hybrid.Postings("通知", [], string.Concat(Enumerable.Repeat("停水。", 20)))["停水"];
        var everywhere = Hybrid.Postings("停水通知", ["停水"], "停水。")["停水"];
        var titleTwice = Hybrid.Postings("计划停水（检修停水）", [], "请留意。")["停水"];

        Assert.Multiple(() =>
        {
            Assert.That(twice, Is.GreaterThan(once));
            Assert.That(often, Is.LessThan(KnowledgeTerms.ContentWeight * 2.2 + 0.001), "saturates towards k1 + 1");
            Assert.That(everywhere, Is.GreaterThan(KnowledgeTerms.KeywordWeight + KnowledgeTerms.TitleWeight));
            Assert.That(titleTwice, Is.EqualTo(KnowledgeTerms.TitleWeight).Within(0.001), "a title has a term or not");
        });
    }

    [Test]
    public void A_query_leaves_out_fillers_and_amounts_unless_it_is_nothing_else()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Hybrid.Query("我们这边明天停电怎么办").Terms, Is.EqualTo(new[] { "停电" }));
            Assert.That(Hybrid.Query("网约车多收了五十块").Terms, Does.Not.Contain("五十块"));
            Assert.That(Hybrid.Query("怎么办").IsEmpty, Is.False, "nothing but a filler: asked for after all");
            Assert.That(QueryFillers.IsFiller("九十岁"), Is.True);
            Assert.That(QueryFillers.IsFiller("十一点"), Is.True);
            Assert.That(QueryFillers.IsFiller("公积金"), Is.False);
        });
    }

    [Test]
    public void Characters_the_segmenter_left_alone_become_bigrams_without_grammar_fragments()
    {
        var terms = Hybrid.Query("我家从早上就没水了").Terms;

        Assert.That(terms, Does.Contain("没水").And.Not.Contain("就没").And.Not.Contain("水了"));
    }

    [Test]
    public void The_parts_of_a_query_word_weigh_half()
    {
        var query = Hybrid.Query("公积金");

        Assert.Multiple(() =>
        {
            Assert.That(query.WeightOf("公积金"), Is.EqualTo(1));
            Assert.That(query.WeightOf("公积"), Is.EqualTo(QueryTerms.PartWeight));
        });
    }

    [Test]
    public void A_keyword_said_exactly_weighs_more_than_a_keyword_that_holds_it()
    {
        var exact = Hybrid.Postings("通知", ["停水"], "请留意。")["停水"];
        var holding = Hybrid.Postings("通知", ["计划停水", "停水公告"], "请留意。")["停水"];

        Assert.That(exact, Is.EqualTo(holding + KnowledgeTerms.ExactKeywordWeight).Within(0.001));
    }

    [Test]
    public void A_keyword_is_also_a_term_as_a_whole()
    {
        Assert.That(Hybrid.Postings("标题", ["租房提取"], "内容").Keys, Does.Contain("租房提取"));
    }

    [Test]
    public void The_bigram_scheme_needs_no_segmenter_and_reads_every_field_as_characters_and_bigrams()
    {
        var bigrams = new KnowledgeTerms(TermScheme.Bigrams, null);

        Assert.Multiple(() =>
        {
            Assert.That(bigrams.Query("公积金提取").Terms, Is.EqualTo(new[] { "公积", "积金", "金提", "提取" }));
            Assert.That(bigrams.Postings("标题", [], "停水").Keys, Is.SupersetOf(new[] { "停", "水", "停水" }));
        });
    }

    [Test]
    public void Terms_longer_than_the_column_are_left_out()
    {
        var latin = new string('a', KnowledgeTerms.MaxTermLength + 1);

        Assert.Multiple(() =>
        {
            Assert.That(Hybrid.Query(latin).IsEmpty, Is.True);
            Assert.That(Hybrid.Postings(latin, [], "内容").Keys, Has.None.EqualTo(latin));
        });
    }

    [Test]
    public void Punctuation_and_symbols_alone_ask_for_nothing() =>
        Assert.That(Hybrid.Query("？！…… ——").IsEmpty, Is.True);
}

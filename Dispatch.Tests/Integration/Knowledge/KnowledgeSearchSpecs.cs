using System.Net;
using Dispatch.Api.Apis.Knowledge;
using Dispatch.Tests.Support;
using static Dispatch.Tests.Integration.Knowledge.KnowledgeClient;

namespace Dispatch.Tests.Integration.Knowledge;

/// <summary>
/// The agent's search through the real API over a small knowledge base of its own: one- and two-character queries, a caller's whole
/// sentence, keywords and titles over content, only published entries valid today and in scope, the category, the snippet, the
/// threshold that answers nothing for what the base does not hold, and the search log.
/// </summary>
[Category("Integration")]
public sealed class KnowledgeSearchSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private readonly Dictionary<string, KnowledgeEntryView> _entries = [];

    [OneTimeSetUp]
    public async Task PublishTheBase()
    {
        var editor = await As("editor1");
        async Task Publish(string key, KnowledgeEntryRequest request) => _entries[key] = await PublishedAsync(editor, editor, request);
        async Task Draft(string key, KnowledgeEntryRequest request) => _entries[key] = await editor.CreateAsync(request);

        await Publish("rent", Entry("住房公积金租房提取", content: "职工连续足额缴存住房公积金满3个月，本人及配偶在本市无自有住房且租房自住的，可申请提取住房公积金支付房租。" +
            "需提供身份证、租赁合同，每年可提取一次，额度不超过实际房租。", keywords: ["公积金", "租房提取", "付房租", "提取公积金"]));
        await Publish("loan", Entry("住房公积金贷款申请", content: "购买自住住房可申请住房公积金贷款，需连续缴存满6个月，额度按缴存余额计算。",
            keywords: ["公积金贷款", "买房贷款"]));
        await Publish("water", Entry("突发停水怎么办", department: "WATER", category: "070101",
            content: "遇到突发停水，先询问邻居是否同样没水，再拨打供水服务热线报修；计划停水会提前一天公告。", keywords: ["停水", "没水", "自来水"]));
        await Publish("insurance", Entry("职工社会保险参保缴费指南", department: "HRSS", category: "050102",
            content: "用人单位应为职工办理社会保险登记，按月申报缴纳养老、医疗、失业、工伤保险费。", keywords: ["社保", "五险", "参保"]));
        await Publish("mention", Entry("物业服务投诉渠道", department: "HOUSING", category: "020101",
            content: "对物业服务不满意，例如小区停水后物业不通知、公共区域卫生差，可向街道物业办反映。", keywords: ["物业", "投诉物业"]));
        await Publish("inKeywords", Entry("楼道充电管理规定", department: "UM", category: "010101",
            content: "禁止在楼道、楼梯间停放或充电，违者由社区劝导并清理。", keywords: ["电瓶车"]));
        await Publish("inTitle", Entry("电瓶车上牌登记", department: "PSB", category: "080101",
            content: "新购车辆须在规定期限内到登记点上牌，携带购车发票和合格证。", keywords: ["上牌"]));
        await Publish("inContent", Entry("消防安全提示", department: "PSB", category: "080101",
            content: "冬季用火用电增多，请勿私拉电线，电瓶车不要在室内过夜，家中常备灭火器。", keywords: ["消防"]));
        await Publish("street", Entry("西湖街道垃圾分类投放时间", department: "ST-S01", category: "010104", scope: ["DM-S01"],
            content: "西湖街道各小区垃圾分类定时定点投放时间为早7点至9点、晚6点至8点。", keywords: ["垃圾分类", "投放时间"]));
        await Publish("expired", Entry("去年冬季供暖时间安排", department: "ENERGY", category: "070401", validFrom: "2020-11-01", validUntil: "2021-03-31",
            content: "供暖时间为11月15日至次年3月15日。", keywords: ["供暖时间", "暖气"]));
        await Publish("future", Entry("明年供暖时间安排", department: "ENERGY", category: "070401", validFrom: "2099-11-01",
            content: "供暖时间为11月15日至次年3月15日。", keywords: ["供暖时间", "暖气"]));
        await Publish("heating", Entry("暖气不热怎么报修", department: "ENERGY", category: "070401", content: "室温低于18度可拨打热力公司热线报修，工作人员上门检查。",
            keywords: ["暖气", "不热"]));
        await Draft("draft", Entry("暖气不热报修（草稿）", department: "ENERGY", category: "070401", content: "暖气不热可拨打热力公司热线报修。", keywords: ["暖气"]));
        await Publish("archived", Entry("暖气不热报修（旧）", department: "ENERGY", category: "070401", content: "暖气不热可拨打热力公司热线报修。", keywords: ["暖气"]));
        _entries["archived"] = await editor.DoAsync(_entries["archived"], "archive");
    }

    private async Task<List<long>> Found(string query, string? categoryCode = null, string? areaCode = null) =>
        [.. (await (await As("agent1")).SearchAsync(query, categoryCode, areaCode)).Items.Select(i => i.Id)];

    private long Id(string key) => _entries[key].Id;

    [TestCase("停水", "water")]
    [TestCase("社保", "insurance")]
    [TestCase("水", "water")]
    public async Task A_query_of_one_or_two_characters_finds_its_entry_first(string query, string expected)
    {
        var found = await Found(query);

        Assert.That(found.Count > 0 ? found[0] : 0, Is.EqualTo(Id(expected)), string.Join(",", found));
    }

    [Test]
    public async Task A_callers_sentence_finds_the_entry_on_renting_withdrawals()
    {
        var result = await (await As("agent1")).SearchAsync("我想把公积金取出来付房租");

        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(i => i.Id).FirstOrDefault(), Is.EqualTo(Id("rent")));
            Assert.That(result.Items[0].Matched, Does.Contain("公积金").And.Contain("房租"));
            Assert.That(result.Items[0].Snippet, Does.Contain("<mark>公积金</mark>").Or.Contain("<mark>住房公积金</mark>"));
            Assert.That((result.Items[0].Category.Code, result.Items[0].Department.Code, result.Items[0].Department.Name),
                Is.EqualTo(("100102", "HOUSING", "区住房和城乡建设局")));
        });
    }

    [Test]
    public async Task Keywords_weigh_more_than_the_title_and_the_title_more_than_the_content()
    {
        var found = await Found("电瓶车");

        Assert.That(found.Take(3), Is.EqualTo(new[] { Id("inKeywords"), Id("inTitle"), Id("inContent") }));
    }

    [Test]
    public async Task An_entry_that_only_mentions_the_word_ranks_below_the_one_about_it()
    {
        var found = await Found("停水");

        Assert.That(found.IndexOf(Id("water")), Is.LessThan(found.IndexOf(Id("mention"))).And.Not.Negative);
    }

    [Test]
    public async Task Only_published_entries_valid_today_are_found()
    {
        var found = await Found("暖气");

        Assert.Multiple(() =>
        {
            Assert.That(found, Does.Contain(Id("heating")));
            Assert.That(found, Has.None.AnyOf(Id("expired"), Id("future"), Id("draft"), Id("archived")));
        });
    }

    [Test]
    public async Task An_entry_holds_in_the_areas_of_its_scope_and_below_them()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Found("垃圾分类", areaCode: "DM-S01-C01-G01"), Does.Contain(Id("street")), "a grid of the street");
            Assert.That(await Found("垃圾分类", areaCode: "DM-S01"), Does.Contain(Id("street")));
            Assert.That(await Found("垃圾分类", areaCode: "DM-S02"), Does.Not.Contain(Id("street")), "another street");
            Assert.That(await Found("垃圾分类", areaCode: "DM"), Does.Not.Contain(Id("street")), "the district as a whole is more than its scope");
            Assert.That(await Found("垃圾分类"), Does.Contain(Id("street")), "no area asked: every scope");
            Assert.That(await Found("公积金", areaCode: "DM-S02-C01"), Does.Contain(Id("rent")), "the district's entries hold everywhere in it");
        });
    }

    [Test]
    public async Task A_category_narrows_to_it_and_everything_below_it()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Found("停水", categoryCode: "070000"), Is.EqualTo(new[] { Id("water") }));
            Assert.That(await Found("停水", categoryCode: "020101"), Is.EqualTo(new[] { Id("mention") }));
        });
    }

    [TestCase("火星移民签证办理")]
    [TestCase("我家的猫丢了")]
    public async Task A_query_about_something_the_base_does_not_hold_finds_nothing(string query) =>
        Assert.That(await Found(query), Is.Empty);

    [Test]
    public async Task The_snippet_marks_the_matches_and_escapes_the_rest()
    {
        var editor = await As("editor1");
        var tricky = await PublishedAsync(editor, editor, Entry("网上申报<b>入口</b>说明", content: "登录<script>alert(1)</script>后点击申报入口。", keywords: ["申报入口"]));

        var item = (await (await As("agent1")).SearchAsync("申报入口")).Items.Single(i => i.Id == tricky.Id);

        Assert.That(item.Snippet, Is.EqualTo("登录&lt;script&gt;alert(1)&lt;/script&gt;后点击<mark>申报入口</mark>。"));
    }

    [Test]
    public async Task Every_search_is_logged_with_the_role_the_query_and_how_many_it_found()
    {
        // Only this spec searches as a dispatcher in DM-S03.
        await (await As("dispatcher1")).SearchAsync("社保", categoryCode: "050000", areaCode: "DM-S03");
        await (await As("dispatcher1")).SearchAsync("火星移民签证办理", areaCode: "DM-S03");

        var logged = await Poller.UntilAsync(
            () => Db.QueryAsync<LoggedSearch>("""
                select role as Role, query as Query, category_code as Category, area_code as Area, results as Results
                from knowledge_searches where role = 'dispatcher' and area_code = 'DM-S03' order by id
                """),
            rows => rows.Count >= 2, "the searches to be logged");

        Assert.That(logged, Is.EqualTo(new[]
        {
            new LoggedSearch("dispatcher", "社保", "050000", "DM-S03", 1),
            new LoggedSearch("dispatcher", "火星移民签证办理", null, "DM-S03", 0),
        }));
    }

    public sealed record LoggedSearch(string Role, string Query, string? Category, string? Area, int Results);

    [TestCase("handler", "housing.handler", HttpStatusCode.Forbidden)]
    [TestCase("supervisor", "supervisor1", HttpStatusCode.Forbidden)]
    [TestCase("editor", "editor1", HttpStatusCode.OK)]
    [TestCase("visitor", "visitor1", HttpStatusCode.OK)]
    public async Task The_centers_desk_and_the_editors_search(string role, string user, HttpStatusCode expected)
    {
        using var response = await (await As(user)).GetAsync(new Uri("/api/knowledge/search?q=停水", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(expected), role);
    }

    [TestCase("", "q")]
    [TestCase("q=" + "超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询超长查询", "q")]
    [TestCase("q=停水&limit=0", "limit")]
    [TestCase("q=停水&limit=51", "limit")]
    [TestCase("q=停水&areaCode=MARS", "areaCode")]
    [TestCase("q=停水&categoryCode=999999", "categoryCode")]
    public async Task A_bad_search_is_a_400_naming_the_field(string query, string field)
    {
        using var response = await (await As("agent1")).GetAsync(new Uri("/api/knowledge/search?" + query, UriKind.Relative));

        Assert.That((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }
}

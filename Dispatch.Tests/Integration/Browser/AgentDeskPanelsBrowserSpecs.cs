using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Knowledge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// The agent desk's panels in a real Chromium against the real Api and Workers, over the demo knowledge base (the seed's entries,
/// published): the knowledge panel finds the entry for the caller's own words as the agent types, with the matched words marked; the
/// agent inserts its answer and closes the call directly, and the case's audit trail cites the entry; the caller's history flags a
/// repeat caller; the similar cases come with their reasons, at the desk and on a filed case's page; and axe finds no serious or
/// critical violation with the panels open.
/// </summary>
[Category("Integration")]
[Category("Browser")]
public sealed class AgentDeskPanelsBrowserSpecs : BrowserFixture
{
    /// <summary>The seed's entry on withdrawing the housing fund for rent (deploy/seed/knowledge.json).</summary>
    private const string RentingWithdrawals = "住房公积金租房提取办事指南";

    /// <summary>A caller with three cases this month (a repeat caller: 3 in 30 days by default), and one with two.</summary>
    private const string RepeatCaller = "13600003333";

    private const string TwiceCaller = "13600002222";

    /// <summary>How a caller asks about it (the issue's own example), typed as the title.</summary>
    private const string CallersWords = "我想把公积金取出来付房租";

    private long _rentingWithdrawalsId;
    private readonly List<string> _repeatCallersCases = [];

    protected override IReadOnlyList<string> People => ["agent1"];

    [OneTimeSetUp]
    public async Task PublishTheDemoKnowledgeBase()
    {
        // The demo district's knowledge base as deploy/local/up seeds it: published, indexed, searchable by the desk.
        using (var catalogues = new CatalogueStore(Db.Database, TimeProvider.System, Options.Create(new CatalogueOptions())))
        {
            var seed = new KnowledgeSeed(Db.Database, catalogues, TimeProvider.System, NullLogger<KnowledgeSeed>.Instance);
            Assert.That(await seed.ApplyAsync(CancellationToken.None), Is.GreaterThan(0),
                "This build embeds no deploy/seed/knowledge.json: the desk's knowledge panel has nothing to find.");
        }

        _rentingWithdrawalsId = await Db.ScalarAsync<long>("select id from knowledge_entries where title = @Title", new { Title = RentingWithdrawals });

        var agent = await As("agent1");
        for (var i = 0; i < 3; i++)
        {
            _repeatCallersCases.Add((await agent.FileCaseAsync(HousingFundQuestion(RepeatCaller))).Number);
        }

        for (var i = 0; i < 2; i++)
        {
            await agent.FileCaseAsync(HousingFundQuestion(TwiceCaller) with { Location = new LocationInput("DM", "DM-S02", null, null, null, null, null) });
        }
    }

    [Test]
    public async Task The_callers_words_find_the_entry_its_answer_is_inserted_and_the_direct_close_cites_it()
    {
        var page = await SignInAsync("agent1");
        await page.GetByTestId("caller-phone").FillAsync("13655556666");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("request-type").GetByText("咨询", new() { Exact = true }).ClickAsync();
        await Choose(page, "分类（可输入名称搜索）", "办事指南", "办事指南");
        await Choose(page, "地点：区 › 街道 › 社区 › 网格（至少选到区）", "北山社区", "西湖街道 › 北山社区");
        // The caller's own words, as the agent types them: the panel searches while they are typed.
        await page.GetByTestId("title").PressSequentiallyAsync(CallersWords);

        var hit = page.GetByTestId("knowledge-hit").Filter(new() { HasText = RentingWithdrawals });
        await hit.WaitForAsync();
        var marked = await hit.Locator(".snippet mark").AllInnerTextsAsync();
        await hit.GetByTestId("insert-answer").ClickAsync();
        await Assertions.Expect(page.GetByTestId("answer")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("提取条件"));
        await page.GetByTestId("content").FillAsync("来电人租房居住，想提取住房公积金付房租，询问条件和办理方式。已按知识库答复。");
        await page.GetByTestId("close-directly").ClickAsync();

        var number = page.GetByTestId("filed-number");
        await number.WaitForAsync();
        var digits = string.Concat((await number.InnerTextAsync()).Where(char.IsAsciiDigit));
        var status = await page.Locator(".filed-status").InnerTextAsync();
        var agent = await As("agent1");
        var closed = await agent.GetCaseAsync(digits);
        var history = await agent.GetHistoryAsync(digits);
        var cites = history.Where(e => e.KnowledgeEntryIds is { Count: > 0 }).Select(e => (e.Action, Ids: string.Join(",", e.KnowledgeEntryIds!))).ToList();

        // The case page shows the citation in its history, by the entry's title (read after the history: ask until it is there).
        await page.GotoAsync($"/case/{digits}");
        await Assertions.Expect(page.GetByTestId("cited-knowledge")).ToContainTextAsync(RentingWithdrawals);

        Assert.Multiple(() =>
        {
            Assert.That(marked, Is.Not.Empty, "the snippet marks the words the search matched");
            Assert.That(marked, Has.All.Matches<string>(m => CallersWords.Contains(m, StringComparison.Ordinal)), "only the caller's words are marked");
            Assert.That(status, Does.Contain("直接办结"));
            Assert.That((closed.Status, closed.CloseOutcome), Is.EqualTo(("closed", "direct")));
            Assert.That(closed.Reply, Does.Contain("提取条件"));
            Assert.That(cites, Is.EqualTo(new[] { ("close-directly", _rentingWithdrawalsId.ToString(System.Globalization.CultureInfo.InvariantCulture)) }));
            Assert.That(history.Select(e => e.Action), Does.Not.Contain("dispatch"), "answered on the call: never routed");
        });
    }

    [Test]
    public async Task A_caller_with_three_cases_in_thirty_days_is_flagged_as_a_repeat_caller_and_one_with_two_is_not()
    {
        var page = await SignInAsync("agent1");
        var phone = page.GetByTestId("caller-phone");
        var history = page.GetByTestId("caller-history");

        await phone.FillAsync(TwiceCaller);
        await phone.PressAsync("Enter");
        await Assertions.Expect(history).ToContainTextAsync("以往工单 2 件");
        var twiceFlagged = await page.GetByTestId("repeat-caller").CountAsync();

        await phone.FillAsync(RepeatCaller);
        await phone.PressAsync("Enter");
        await Assertions.Expect(history).ToContainTextAsync("以往工单 3 件");
        var flag = await page.GetByTestId("repeat-caller").InnerTextAsync();
        var listed = await history.Locator("li .case-link").AllInnerTextsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(twiceFlagged, Is.Zero);
            Assert.That(flag, Does.Contain("重复来电").And.Contain("30 天内 3 件"));
            Assert.That(listed, Is.EquivalentTo(_repeatCallersCases));
        });
    }

    [Test]
    public async Task The_similar_cases_come_with_their_reasons_and_axe_finds_no_serious_violation_with_the_panels_open()
    {
        var page = await SignInAsync("agent1");
        var call = HousingFundQuestion(RepeatCaller);
        await page.GetByTestId("caller-phone").FillAsync(RepeatCaller);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("request-type").GetByText("咨询", new() { Exact = true }).ClickAsync();
        await Choose(page, "分类（可输入名称搜索）", "办事指南", "办事指南");
        await Choose(page, "地点：区 › 街道 › 社区 › 网格（至少选到区）", "北山社区", "西湖街道 › 北山社区");
        await page.GetByTestId("title").FillAsync(call.Title!);
        await page.GetByTestId("content").FillAsync(call.Content!);

        await page.GetByTestId("repeat-caller").WaitForAsync();
        await page.GetByTestId("knowledge-hit").First.WaitForAsync();
        var similar = page.GetByTestId("similar-cases").Locator("li.similar-case");
        await similar.First.WaitForAsync();
        var numbers = await similar.Locator(".case-link").AllInnerTextsAsync();
        var reasons = await similar.First.Locator(".reason").AllInnerTextsAsync();

        var serious = await SeriousViolations.OnAsync(page);

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.SupersetOf(_repeatCallersCases));
            Assert.That(reasons, Has.Some.StartsWith("同一分类：办事指南"));
            Assert.That(reasons, Has.Some.StartsWith("同一社区：北山社区"));
            Assert.That(reasons, Has.Some.StartsWith("同一来电人"));
            Assert.That(reasons, Has.All.Match(@"\+\d\.\d\d$"), "each reason says the points it added");
            Assert.That(serious, Is.Empty);
        });
    }

    [Test]
    public async Task A_filed_cases_page_lists_the_cases_it_may_repeat_with_their_reasons_never_itself()
    {
        var page = await SignInAsync("agent1");
        var first = _repeatCallersCases[0];
        await page.GotoAsync($"/case/{first}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "疑似重复" }).ClickAsync();
        var similar = page.GetByTestId("similar-cases").Locator("li.similar-case");
        await similar.First.WaitForAsync();
        var numbers = await similar.Locator(".case-link").AllInnerTextsAsync();
        var reasons = await similar.First.Locator(".reason").AllInnerTextsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.SupersetOf(_repeatCallersCases.Skip(1)));
            Assert.That(numbers, Does.Not.Contain(first));
            Assert.That(reasons, Has.Some.StartsWith("同一分类：办事指南"));
            Assert.That(reasons, Has.Some.StartsWith("时间相近："));
        });
    }

    /// <summary>A consultation about withdrawing the housing fund for rent, from 北山社区.</summary>
    private static FileCaseRequest HousingFundQuestion(string phone) => new(
        RequestType: "consultation",
        CategoryCode: "100102",
        Channel: "phone",
        Caller: new CallerInput("赵敏", phone, false),
        Location: new LocationInput("DM", "DM-S01", "DM-S01-C01", null, null, null, null),
        Title: "公积金租房提取怎么办理",
        Content: "来电人租房居住，想提取住房公积金付房租，询问需要什么材料、在哪里办理。",
        Urgency: "normal");

    /// <summary>Picks from a cascader as a person does with the mouse: click it, type to search, click the suggestion.</summary>
    private static async Task Choose(IPage page, string label, string typed, string suggestion)
    {
        await page.GetByLabel(label).ClickAsync();
        await page.Keyboard.TypeAsync(typed);
        await page.Locator(".el-cascader__suggestion-item:visible", new() { HasText = suggestion }).First.ClickAsync();
    }
}

using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// What the case page says when the API refuses: a department that has no part in a case is told plainly that there is no such
/// case for it (and learns nothing of it), and a handler acting on a page that is out of date gets the 409 in plain words, with the
/// case read again.
/// </summary>
public sealed class CaseRefusalsBrowserSpecs : BrowserFixture
{
    protected override IReadOnlyList<string> People => ["um.handler", "housing.handler"];

    [Test]
    public async Task Another_departments_handler_cannot_open_the_case_and_learns_nothing_of_it()
    {
        // UM leads a night-noise case and ENV assists; the housing bureau has no part in it.
        var number = await FileNightNoiseAsync("学院路工地夜间切割钢筋", "学院路31号工地");
        var page = await SignInAsync("housing.handler");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "部门工作台" })).ToBeVisibleAsync();

        // As a handler would: the number typed into 查工单.
        await page.GetByRole(AriaRole.Link, new() { Name = "查工单" }).ClickAsync();
        await page.GetByLabel("工单编号").FillAsync(number);
        await page.GetByLabel("工单编号").PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/case/{number}");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("没有找到：工单不存在，或不在您的权限范围内。");
        var main = page.Locator("main");
        await Assertions.Expect(main).Not.ToContainTextAsync("学院路");
        await Assertions.Expect(main).Not.ToContainTextAsync("13800138000");
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("button[data-action]")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task A_handler_acting_on_a_stale_page_reads_the_409_in_plain_words_and_the_case_again()
    {
        var number = await FileNightNoiseAsync("翠苑三区工地夜间浇筑混凝土", "翠苑三区东门工地");
        var first = await SignInAsync("um.handler");
        var atFirst = await CasePage.OpenAsync(first, number);
        var atSecond = await CasePage.OpenAsync(await Browser.OpenBesideAsync(first), number);
        await atSecond.ExpectStatusAsync("待签收");

        await atFirst.Button("sign").ClickAsync();
        await atFirst.ExpectStatusAsync("办理中");
        // The other tab still shows the case as it was when it opened: 签收 is still there, and the handler clicks it.
        await atSecond.Button("sign").ClickAsync();

        await Assertions.Expect(atSecond.Refusal).ToContainTextAsync("操作未执行：工单当前状态为“办理中”，不允许此操作。");
        await Assertions.Expect(atSecond.Refusal).ToContainTextAsync("现在可以：");
        await Assertions.Expect(atSecond.Refusal).ToContainTextAsync("办结反馈");
        await atSecond.ExpectStatusAsync("办理中");
        await atSecond.ExpectOnlyAllowedActionsAsync(await As("um.handler"), "reply");
        await Assertions.Expect(atSecond.Button("sign")).ToHaveCountAsync(0);
        var signs = (await Hotline.Api.GetHistoryAsync(number)).Count(e => e.Action == "sign");
        Assert.That(signs, Is.EqualTo(1));
    }
}

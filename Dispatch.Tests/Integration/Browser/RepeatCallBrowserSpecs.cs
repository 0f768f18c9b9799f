using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// A repeat call: while the agent types it, the desk shows the first case as similar, with the reasons; the agent files it anyway,
/// and the dispatcher finds the repeat by its number, sees the first case among its similar ones, with the same reasons, and merges
/// it there.
/// </summary>
public sealed class RepeatCallBrowserSpecs : BrowserFixture
{
    protected override IReadOnlyList<string> People => ["agent1", "dispatcher1"];

    [Test]
    public async Task A_repeat_call_shows_the_first_case_as_similar_with_its_reasons_and_the_dispatcher_merges_it()
    {
        const string phone = "13722223333";
        var first = await FileNightNoiseAsync("古墩路18号工地夜间打桩", "古墩路18号工地", "DM-S01", "DM-S01-C01", phone);

        var desk = await SignInAsync("agent1");
        await new DeskCall(phone, "钱芳", "古墩路18号工地", "古墩路18号工地又在夜里打桩", "昨晚反映过，今晚十一点后工地还在打桩，吵得睡不着。")
            .TypeAsync(desk);
        var similar = desk.GetByRole(AriaRole.Region, new() { Name = "疑似重复工单" });
        var listed = similar.Locator("li", new() { Has = desk.Locator("a.case-link", new() { HasText = first }) });
        await Assertions.Expect(listed).ToBeVisibleAsync();
        await ExpectReasonsAsync(listed);

        var repeat = await DeskCall.FileAsync(desk);
        await Hotline.Api.WaitForStatusAsync(repeat, "dispatched");

        // The dispatcher opens the repeat by its number (查工单), looks at its similar cases, and merges it into the first.
        var dispatcher = await SignInAsync("dispatcher1");
        await dispatcher.GetByRole(AriaRole.Link, new() { Name = "查工单" }).ClickAsync();
        await dispatcher.GetByLabel("工单编号").FillAsync(repeat);
        await dispatcher.GetByLabel("工单编号").PressAsync("Enter");
        var page = new CasePage(dispatcher, repeat);
        await page.ExpectStatusAsync("待签收");
        await page.ExpectOnlyAllowedActionsAsync(await As("dispatcher1"), "merge");
        await dispatcher.GetByRole(AriaRole.Tab, new() { Name = "疑似重复" }).ClickAsync();
        var candidate = dispatcher.GetByRole(AriaRole.Tabpanel).Locator("li", new() { Has = dispatcher.Locator("a.case-link", new() { HasText = first }) });
        await ExpectReasonsAsync(candidate);
        await candidate.GetByRole(AriaRole.Button, new() { Name = "并入此单" }).ClickAsync();
        await Assertions.Expect(page.Dialog.GetByLabel("并入的主工单编号")).ToHaveValueAsync(first);
        await page.SubmitFormAsync();

        await page.ExpectStatusAsync("已并单");
        await Assertions.Expect(page.Details.Locator("a.case-link", new() { HasText = first })).ToBeVisibleAsync();
        await Assertions.Expect(page.Buttons).ToHaveCountAsync(0);
        var merged = await Hotline.Api.GetCaseAsync(repeat);
        Assert.That((merged.Status, merged.MasterNumber), Is.EqualTo(("merged", first)));
    }

    /// <summary>Why the first case is listed, in words: the same category, the same address, the same caller.</summary>
    private static async Task ExpectReasonsAsync(ILocator listed)
    {
        foreach (var reason in new[] { "同一分类", "同一地址", "同一来电人" })
        {
            await Assertions.Expect(listed).ToContainTextAsync(reason);
        }
    }
}

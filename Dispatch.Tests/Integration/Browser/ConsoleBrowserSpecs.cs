using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// The console in a real Chromium against the real Api and Workers: signing in and out, an agent taking a call with the keyboard
/// alone and reading the number back, and axe finding no serious or critical accessibility violation on the screens an agent uses.
/// The console must be built (deploy/local/test builds it before the suite).
/// </summary>
[Category("Integration")]
[Category("Browser")]
public sealed class ConsoleBrowserSpecs : BrowserFixture
{
    protected override IReadOnlyList<string> People => ["agent1"];

    [Test]
    public async Task A_wrong_password_is_said_plainly_and_the_right_one_opens_the_agents_desk_until_sign_out()
    {
        var page = await Browser.OpenAsync();
        await page.GotoAsync("/desk");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/sign-in");
        await page.Locator("input[name=username]").FillAsync("agent1");
        await page.Locator("input[name=password]").FillAsync("not the password");
        await page.Keyboard.PressAsync("Enter");
        var refused = await page.GetByRole(AriaRole.Alert).InnerTextAsync();

        await page.Locator("input[name=password]").FillAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/desk");
        var who = await page.Locator("header .who").InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/sign-in");
        await page.GotoAsync("/desk");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/sign-in");

        Assert.Multiple(() =>
        {
            Assert.That(refused, Does.Contain("用户名或密码不对"));
            Assert.That(who, Does.Contain("接线员 王芳"));
        });
    }

    [Test]
    public async Task An_agent_files_a_call_with_the_keyboard_alone_and_reads_the_number_back()
    {
        var page = await SignInAsync("agent1");
        var keys = page.Keyboard;
        // The caller's phone has the focus as soon as the desk opens: no click anywhere from here on.
        await Assertions.Expect(page.GetByLabel("来电号码", new() { Exact = true })).ToBeFocusedAsync();
        await keys.TypeAsync("13912345678");
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.GetByLabel("来电人姓名")).ToBeFocusedAsync();
        await keys.TypeAsync("李四");
        await keys.PressAsync("Tab"); // confidential caller: left unticked
        await keys.PressAsync("Tab"); // request type: the arrows choose within the group
        await keys.PressAsync("ArrowRight");
        await keys.PressAsync("ArrowRight"); // 咨询 → 求助 → 投诉
        await keys.PressAsync("Tab"); // urgency: normal stays
        await keys.PressAsync("Tab"); // category: type to search the tree, ↓ and Enter to choose
        await keys.TypeAsync("夜间施工");
        await Suggestion(page, "夜间施工噪声").WaitForAsync();
        await keys.PressAsync("ArrowDown");
        await keys.PressAsync("Enter");
        await keys.PressAsync("Tab"); // channel: phone stays
        await keys.PressAsync("Tab"); // area: district › street › community › grid, searched the same way
        await keys.TypeAsync("北山社区");
        await Suggestion(page, "西湖街道 › 北山社区").WaitForAsync();
        await keys.PressAsync("ArrowDown");
        await keys.PressAsync("Enter");
        await keys.PressAsync("Tab");
        await keys.TypeAsync("文一路88号工地");
        await keys.PressAsync("Tab");
        await keys.TypeAsync("深夜施工噪音扰民");
        await keys.PressAsync("Tab");
        await keys.TypeAsync("工地每晚十一点后仍在施工，噪音很大，影响休息。");
        await keys.PressAsync("Control+Enter");

        var number = page.GetByTestId("filed-number");
        await number.WaitForAsync();
        var shown = await number.InnerTextAsync();
        var digits = string.Concat(shown.Where(char.IsAsciiDigit));
        var filed = await Hotline.Api.GetCaseAsync(digits);
        await keys.PressAsync("Alt+N");
        await Assertions.Expect(page.GetByLabel("来电号码", new() { Exact = true })).ToBeFocusedAsync();

        Assert.Multiple(() =>
        {
            // Read out in groups: the date, the day's sequence, the check digit.
            Assert.That(shown.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(g => g.Length).ToArray(),
                Is.EqualTo(new[] { 6, digits.Length - 7, 1 }));
            Assert.That((filed.RequestType, filed.CategoryCode, filed.Urgency, filed.Channel),
                Is.EqualTo(("complaint", "010201", "normal", "phone")));
            Assert.That((filed.Caller.Name, filed.Caller.Phone, filed.Caller.Confidential), Is.EqualTo(("李四", "13912345678", false)));
            Assert.That((filed.Location.District, filed.Location.Street, filed.Location.Community, filed.Location.Address),
                Is.EqualTo(("DM", "DM-S01", "DM-S01-C01", "文一路88号工地")));
            Assert.That((filed.Title, filed.Content), Is.EqualTo(("深夜施工噪音扰民", "工地每晚十一点后仍在施工，噪音很大，影响休息。")));
        });
    }

    /// <summary>
    /// What a cascader suggests for the words typed, as the person sees it: the list of the field being typed in (another field's list
    /// may still be fading out).
    /// </summary>
    private static ILocator Suggestion(IPage page, string text) =>
        page.Locator(".el-cascader__suggestion-item:visible", new() { HasText = text }).First;

    [TestCase("/sign-in", false)]
    [TestCase("/desk", true)]
    public async Task Axe_finds_no_serious_or_critical_violation(string path, bool signedIn)
    {
        var page = signedIn ? await SignInAsync("agent1") : await Browser.OpenAsync();
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var serious = await SeriousViolations.OnAsync(page);

        Assert.That(serious, Is.Empty);
    }
}

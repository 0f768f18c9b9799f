using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// Regenerates the console's screenshots in docs/console/ (the README shows the agent desk). Run only when asked:
/// <c>dotnet test Dispatch.Tests --filter Category=Screenshots</c> after a console build, on a machine with a Chinese font
/// (<c>apt-get install fonts-wqy-microhei</c>; deploy/local/test installs it with chromium).
/// </summary>
[Explicit("Writes docs/console/*.png: run with --filter Category=Screenshots.")]
[Category("Screenshots")]
public sealed class ConsoleScreenshots : HotlineFixture
{
    private const string Password = "演示密码 screenshots 2026";
    private static readonly string[] People = ["agent1", "um.handler", "dispatcher1"];

    protected override bool OverHttp => true;

    [Test]
    public async Task Each_main_screen_as_its_people_see_it()
    {
        foreach (var person in People)
        {
            await ConsoleBrowser.SetPasswordAsync(Hotline, person, Password);
        }

        foreach (var (title, street, community) in new[]
                 {
                     ("翠苑一区夜间打桩噪声", "DM-S02", "DM-S02-C01"), ("文一路工地凌晨施工", "DM-S01", "DM-S01-C01"), ("学院路渣土车夜间作业", "DM-S02", "DM-S02-C03"),
                 })
        {
            await Hotline.Api.FileCaseAsync(Requests.NightNoise(title) with
            {
                Location = new LocationInput("DM", street, community, null, "示范区某小区", null, null),
            });
        }

        var folder = Path.Combine(RepositoryRoot(), "docs", "console");
        Directory.CreateDirectory(folder);
        await using var browser = await ConsoleBrowser.StartAsync(Hotline);

        var signIn = await browser.OpenAsync();
        await signIn.GotoAsync("/sign-in");
        await signIn.Locator("input[name=username]").FillAsync("agent1");
        await Shot(signIn, folder, "sign-in");

        var desk = await browser.SignInAsync("agent1", Password);
        await desk.Keyboard.TypeAsync("13800138000");
        await desk.Keyboard.PressAsync("Enter");
        await desk.GetByLabel("来电人姓名").FillAsync("张三");
        await desk.Locator("input[value=complaint]").CheckAsync(new() { Force = true });
        await desk.GetByLabel("标题").FillAsync("翠苑一区夜间打桩噪声");
        await desk.GetByLabel("诉求内容").FillAsync("晚上11点后工地仍在打桩，严重影响休息，已是本周第三次。");
        await Shot(desk, folder, "agent-desk");

        var handler = await browser.SignInAsync("um.handler", Password);
        await handler.Locator("a.case-link").First.WaitForAsync();
        await Shot(handler, folder, "workbench");
        await handler.Locator("a.case-link").First.ClickAsync();
        await handler.Locator("[data-action=sign]").WaitForAsync();
        await Shot(handler, folder, "case");

        var dispatcher = await browser.SignInAsync("dispatcher1", Password);
        await dispatcher.GetByRole(AriaRole.Tab, new() { Name = "超期与临近" }).ClickAsync();
        await Shot(dispatcher, folder, "dispatch");
        Assert.That(Directory.GetFiles(folder, "*.png").Select(Path.GetFileNameWithoutExtension),
            Is.SupersetOf(new[] { "sign-in", "agent-desk", "workbench", "case", "dispatch" }));
    }

    /// <summary>
    /// The grid worker's phone screen (docs/console.md, "The grid worker's screen"): 我的工单 with a case forwarded to the grid, on a
    /// 390 × 844 phone — written as docs/console/grid-phone.png.
    /// </summary>
    [Test]
    public async Task The_grid_workers_screen_on_a_phone()
    {
        await ConsoleBrowser.SetPasswordAsync(Hotline, "grid.bs1", Password);
        foreach (var (title, address) in new[] { ("北山路12号门口垃圾满溢", "北山路12号"), ("保俶路公交站旁绿化带堆放杂物", "保俶路8号") })
        {
            var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise(title) with
            {
                CategoryCode = "010104",
                Location = new LocationInput("DM", "DM-S01", "DM-S01-C01", "DM-S01-C01-G01", address, null, null),
            });
            await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
            var street = await As("st-s01.handler");
            await street.ActAsync(filed.Number, "sign");
            await street.ActAsync(filed.Number, "forward", new { departmentCode = "ST-S01-C01" });
            var community = await As("bs.handler");
            await community.ActAsync(filed.Number, "sign");
            await community.ActAsync(filed.Number, "forward", new { departmentCode = "ST-S01-C01-G01" });
        }

        var folder = Path.Combine(RepositoryRoot(), "docs", "console");
        await using var browser = await ConsoleBrowser.StartAsync(Hotline);
        var phone = await browser.SignInOnPhoneAsync("grid.bs1", Password, new Geolocation { Latitude = 30.2655f, Longitude = 120.1465f, Accuracy = 15 });
        await phone.Locator("a.card").Nth(1).WaitForAsync();
        await Shot(phone, folder, "grid-phone");
        Assert.That(File.Exists(Path.Combine(folder, "grid-phone.png")), Is.True);
    }

    private static async Task Shot(IPage page, string folder, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
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
}

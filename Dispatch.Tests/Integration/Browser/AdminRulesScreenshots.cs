using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// The screenshots of the administrator's rules, policies and change record in docs/console/ (admin-rules*.png), as
/// <see cref="ConsoleScreenshots"/> writes the others. Run only when asked: <c>dotnet test Dispatch.Tests --filter Category=Screenshots</c>
/// after a console build, on a machine with a Chinese font.
/// </summary>
[Explicit("Writes docs/console/admin-rules*.png: run with --filter Category=Screenshots.")]
[Category("Screenshots")]
public sealed class AdminRulesScreenshots : HotlineFixture
{
    private const string Password = "演示密码 screenshots 2026";

    protected override bool OverHttp => true;

    [Test]
    public async Task The_rules_a_dry_run_the_policies_and_the_change_record()
    {
        await ConsoleBrowser.SetPasswordAsync(Hotline, "admin1", Password);
        // Night-noise complaints that mention gas: the gas rule takes them now; after the night-noise rule, UM would.
        foreach (var (title, street) in new[] { ("文一路工地夜间施工，闻到燃气味", "DM-S01"), ("学院路夜间打桩，附近闻到煤气", "DM-S02") })
        {
            var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise(title) with
            {
                Location = new LocationInput("DM", street, null, null, "示范区某工地", null, null),
            });
            await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        }

        var folder = Path.Combine(RepositoryRoot(), "docs", "console");
        Directory.CreateDirectory(folder);
        await using var browser = await ConsoleBrowser.StartAsync(Hotline);
        var page = await browser.SignInAsync("admin1", Password);
        await page.GotoAsync("/admin/rules");
        await page.GetByTestId("rule-row").First.WaitForAsync();
        await Shot(page, folder, "admin-rules");

        await page.Locator("[data-testid=rule-row][data-rule-id='1']").DragToAsync(page.Locator("[data-testid=rule-row][data-rule-id='6']"));
        await page.GetByTestId("reorder-bar").GetByTestId("dry-run-button").ClickAsync();
        await page.GetByTestId("dry-run-move").First.WaitForAsync();
        await Shot(page, folder, "admin-rules-dry-run");
        await page.GetByTestId("reorder-save").ClickAsync();
        await page.GetByTestId("reorder-bar").WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        await page.Locator("[data-testid=rule-row][data-rule-id='3']").GetByTestId("rule-edit").ClickAsync();
        var form = page.GetByTestId("rule-form");
        // 供暖 given 供气's priority (供气 is first after the reorder: 10): the API's reason under 优先级.
        await form.Locator(".el-form-item", new() { HasText = "优先级" }).Locator("input").FillAsync("10");
        await form.GetByTestId("dry-run-button").ClickAsync();
        await form.Locator(".el-form-item__error").First.WaitForAsync();
        await Shot(page, folder, "admin-rules-form");
        await form.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();

        await page.GotoAsync("/admin/policies");
        await page.GetByTestId("ladder").First.WaitForAsync();
        await Shot(page, folder, "admin-rules-policies");

        await page.GotoAsync("/admin/changes?entity=routing-rule");
        await page.GetByTestId("change").First.WaitForAsync();
        await Shot(page, folder, "admin-rules-changes");
        Assert.That(Directory.GetFiles(folder, "admin-rules*.png").Select(Path.GetFileNameWithoutExtension),
            Is.SupersetOf(new[] { "admin-rules", "admin-rules-dry-run", "admin-rules-form", "admin-rules-policies", "admin-rules-changes" }));
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

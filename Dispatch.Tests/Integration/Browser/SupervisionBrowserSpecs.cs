using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// The supervisor's month (督办与考核, docs/console.md "Supervision") over <see cref="SupervisionScene"/>'s November: the dashboard
/// shows the API's figures and draws its charts; a rate clicked through lists exactly the cases it counts; the league table shows
/// the minimum-sample rule; the monthly assessment prints to A4 without the navigation; axe finds nothing serious on any screen.
/// </summary>
public sealed partial class SupervisionBrowserSpecs : BrowserFixture
{
    private readonly ManualClock _clock = new(SupervisionScene.Bj(11, 2, 9));
    private IReadOnlyList<string> _numbers = [];

    protected override IReadOnlyList<string> People => ["supervisor1"];

    protected override TimeProvider Clock => _clock;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Three dispatched cases and a judged, rated visit rank a department: UM, HOUSING rank; ENV, PSB, ST-S01 are listed.
        ["Reports:RankingMinimumCases"] = "3",
    };

    [OneTimeSetUp]
    public async Task November() => _numbers = await SupervisionScene.WriteAsync(Hotline, _clock);

    private async Task<JsonElement> ApiAsync(string path)
    {
        using var response = await (await As("supervisor1")).GetAsync(new Uri(path, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<IPage> OpenMonthAsync()
    {
        var page = await SignInAsync("supervisor1");
        await page.GotoAsync($"/supervision?month={SupervisionScene.Month}");
        await Assertions.Expect(page.GetByTestId("supervision-dashboard")).ToHaveAttributeAsync("data-state", "ready");
        return page;
    }

    private static (long Numerator, long Denominator) Fraction(JsonElement rate) =>
        (rate.GetProperty("numerator").GetInt64(), rate.GetProperty("denominator").GetInt64());

    [Test]
    public async Task The_month_view_shows_the_APIs_figures_and_draws_every_chart()
    {
        var kpi = await ApiAsync($"/api/reports/kpi?month={SupervisionScene.Month}&groupBy=department");
        var total = kpi.GetProperty("total");
        var page = await OpenMonthAsync();

        foreach (var rate in new[] { "response", "resolution", "satisfaction", "timelySignOff", "return", "redo" })
        {
            var (numerator, denominator) = Fraction(total.GetProperty("rates").GetProperty(rate));
            var card = page.Locator($"[data-testid=rate-cards] [data-figure={rate}]");
            await Assertions.Expect(card.Locator("[data-part=numerator]")).ToHaveTextAsync(numerator.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(card.Locator(".kpi-fraction")).ToContainTextAsync($"/ 分母 {denominator}");
            await Assertions.Expect(card.GetByTestId("kpi-value")).ToContainTextAsync(denominator == 0 ? new Regex("—") : PercentText());
        }

        var received = total.GetProperty("counts").GetProperty("received").GetInt64();
        Assert.That(received, Is.EqualTo(_numbers.Count), "the scene's every case was filed in November");
        await Assertions.Expect(page.Locator("[data-testid=count-cards] [data-figure=received] [data-testid=kpi-value]")).ToContainTextAsync($"{received} 件");
        await Assertions.Expect(page.Locator("[data-testid=count-cards] [data-figure=received] .kpi-change")).ToHaveTextAsync($"比上期增加 {received} 件");

        // The charts are images named by their figures, with the numbers beside them as a table.
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex($"30 天：共受理 {received} 件") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("按分类的工单树图") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("签收与办理用时") })).ToBeVisibleAsync();
        Assert.That(await page.Locator("canvas").CountAsync(), Is.EqualTo(3), "three charts drawn");

        // The league table: ranked first; the rest listed with the minimum-sample rule's reason.
        var league = page.GetByTestId("league");
        await Assertions.Expect(league.GetByTestId("ranking-rule")).ToContainTextAsync("不少于 3 件");
        await Assertions.Expect(league.Locator("tr[data-department=UM] td").First).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Assertions.Expect(league.Locator("tr[data-department=ENV][data-unranked=true]")).ToBeVisibleAsync();
        var ranking = await ApiAsync($"/api/reports/ranking?month={SupervisionScene.Month}");
        var env = ranking.GetProperty("departments").EnumerateArray().Single(e => e.GetProperty("department").GetString() == "ENV");
        var envReason = league.GetByTestId("not-ranked-reason").Filter(new() { HasText = "区生态环境分局" });
        await Assertions.Expect(envReason).ToContainTextAsync("列出但不排名");
        if (env.GetProperty("dispatched").GetInt64() < 3)
        {
            await Assertions.Expect(envReason).ToHaveTextAsync($"区生态环境分局：本期派单 {env.GetProperty("dispatched").GetInt64()} 件，不足 3 件的最低样本量，列出但不排名");
        }

        // The hotspot heat table: 噪声扰民 × 翠苑街道 as the API counts it.
        var hotspots = await ApiAsync($"/api/reports/hotspots?month={SupervisionScene.Month}&categoryLevel=2&areaLevel=street");
        var noise = hotspots.GetProperty("cells").EnumerateArray()
            .Single(c => c.GetProperty("category").GetString() == "010200" && c.GetProperty("area").GetString() == "DM-S02");
        await Assertions.Expect(page.Locator("[data-testid=hotspots] td[data-cell='010200|DM-S02']"))
            .ToHaveTextAsync(noise.GetProperty("count").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("fastest-growing").Locator("li").First).ToContainTextAsync("上期为 0");
    }

    [Test]
    public async Task A_rate_clicked_through_lists_exactly_the_cases_it_counts()
    {
        var kpi = await ApiAsync($"/api/reports/kpi?month={SupervisionScene.Month}&groupBy=department");
        var (numerator, _) = Fraction(kpi.GetProperty("total").GetProperty("rates").GetProperty("response"));
        var page = await OpenMonthAsync();

        var card = page.Locator("[data-testid=rate-cards] [data-figure=response]");
        var shown = await card.Locator("[data-part=numerator]").InnerTextAsync();
        Assert.That(shown, Is.EqualTo(numerator.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await card.GetByTestId("kpi-value").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/supervision/cases\?figure=response&part=numerator&month=2026-11$"));
        var list = page.GetByTestId("figure-cases");
        await Assertions.Expect(list).ToHaveAttributeAsync("data-state", "ready");
        await Assertions.Expect(list.GetByTestId("figure-total")).ToHaveTextAsync(shown);
        await Assertions.Expect(list.Locator("a.case-link")).ToHaveCountAsync((int)numerator);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("响应率");

        // A department's rate in the league table leads to that department's cases, as many as it counts.
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByTestId("supervision-dashboard")).ToHaveAttributeAsync("data-state", "ready");
        var um = kpi.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("keys").GetProperty("department").GetString() == "UM");
        var (umResponded, _) = Fraction(um.GetProperty("rates").GetProperty("response"));
        await page.Locator("[data-testid=league] tr[data-department=UM] td").Nth(2).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("figure=response&part=numerator&month=2026-11&byDepartment=UM"));
        await Assertions.Expect(list.GetByTestId("figure-total")).ToHaveTextAsync(umResponded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(list.Locator("a.case-link")).ToHaveCountAsync((int)umResponded);

        // Every row is a case, and opens it.
        await list.Locator("a.case-link").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/case/\d+"));
    }

    [Test]
    public async Task The_period_and_scope_live_in_the_URL_and_the_export_downloads_the_periods_cases()
    {
        var page = await OpenMonthAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "范围" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "翠苑街道", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/supervision\?month=2026-11&street=DM-S02$"));
        await Assertions.Expect(page.GetByTestId("supervision-dashboard")).ToHaveAttributeAsync("data-state", "ready");

        var street = await ApiAsync($"/api/reports/kpi?month={SupervisionScene.Month}&street=DM-S02&groupBy=department");
        var received = street.GetProperty("total").GetProperty("counts").GetProperty("received").GetInt64();
        Assert.That(received, Is.EqualTo(8), "翠苑街道's eight cases of the scene");
        await Assertions.Expect(page.Locator("[data-testid=count-cards] [data-figure=received] [data-testid=kpi-value]")).ToContainTextAsync($"{received} 件");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var text = await File.ReadAllTextAsync(await download.PathAsync());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(received + 1), "a header and the street's cases");
        Assert.That(text, Does.Contain(_numbers[0]), "翠苑一区工地夜间打桩 is in 翠苑街道");
    }

    [Test]
    public async Task The_monthly_assessment_prints_to_A4_without_the_navigation()
    {
        var page = await SignInAsync("supervisor1");
        await page.GotoAsync($"/supervision/monthly?month={SupervisionScene.Month}");
        var report = page.GetByTestId("monthly-assessment");
        await Assertions.Expect(report).ToHaveAttributeAsync("data-state", "ready");
        var assessment = await ApiAsync($"/api/reports/monthly-assessment?month={SupervisionScene.Month}");
        var red = assessment.GetProperty("redList").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
        Assert.That(red, Is.Not.Empty);
        await Assertions.Expect(report.GetByTestId("red-list").Locator("li")).ToHaveCountAsync(red.Length);
        await Assertions.Expect(report.GetByTestId("red-list").Locator("li").First).ToContainTextAsync(red[0]);
        await Assertions.Expect(report).ToContainTextAsync("列出但不排名");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".shell-header")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "打印（A4）" })).ToBeHiddenAsync();
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true, PrintBackground = true });
        var pages = PdfPage().Count(System.Text.Encoding.Latin1.GetString(pdf));
        Assert.That(pages, Is.GreaterThanOrEqualTo(4), "the lists, then a page break before the ranking, the figures and the definitions");
    }

    [Test]
    public async Task Axe_finds_nothing_serious_on_the_dashboard_the_figure_list_and_the_monthly_assessment()
    {
        var page = await OpenMonthAsync();
        foreach (var details in await page.Locator("details").AllAsync())
        {
            await details.Locator("summary").ClickAsync();
        }

        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the dashboard with its data tables open");

        await page.Locator("[data-testid=rate-cards] [data-figure=satisfaction] .kpi-definition").ClickAsync();
        await Assertions.Expect(page.Locator("[data-definition=satisfaction]")).ToBeVisibleAsync();
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "a definition open");

        await page.GotoAsync($"/supervision/cases?figure=redo&part=denominator&month={SupervisionScene.Month}");
        await Assertions.Expect(page.GetByTestId("figure-cases")).ToHaveAttributeAsync("data-state", "ready");
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "a figure's cases");

        await page.GotoAsync($"/supervision/monthly?month={SupervisionScene.Month}");
        await Assertions.Expect(page.GetByTestId("monthly-assessment")).ToHaveAttributeAsync("data-state", "ready");
        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the monthly assessment");
    }

    /// <summary>
    /// Regenerates docs/console/supervision-*.png over the scene's November (docs/console.md "Supervision"): run with
    /// <c>--filter Category=Screenshots</c> after a console build, on a machine with a Chinese font.
    /// </summary>
    [Test]
    [Explicit("Writes docs/console/supervision-*.png: run with --filter Category=Screenshots.")]
    [Category("Screenshots")]
    public async Task Screenshots_of_the_supervision_screens()
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "console");
        Directory.CreateDirectory(folder);
        var page = await OpenMonthAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await Assertions.Expect(page.GetByTestId("supervision-dashboard")).ToHaveAttributeAsync("data-state", "ready");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "supervision-dashboard.png"), FullPage = true });

        await page.Locator("[data-testid=rate-cards] [data-figure=response] [data-testid=kpi-value]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("figure-cases")).ToHaveAttributeAsync("data-state", "ready");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "supervision-cases.png") });

        await page.GotoAsync("/supervision/live");
        await Assertions.Expect(page.GetByTestId("supervision-live")).Not.ToHaveAttributeAsync("data-at", "");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "supervision-live.png"), FullPage = true });

        await page.GotoAsync($"/supervision/monthly?month={SupervisionScene.Month}");
        await Assertions.Expect(page.GetByTestId("monthly-assessment")).ToHaveAttributeAsync("data-state", "ready");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "supervision-monthly.png"), FullPage = true });
        Assert.That(Directory.GetFiles(folder, "supervision-*.png"), Has.Length.GreaterThanOrEqualTo(4));
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

    [GeneratedRegex(@"\d{1,3}\.\d%")]
    private static partial Regex PercentText();

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PdfPage();
}

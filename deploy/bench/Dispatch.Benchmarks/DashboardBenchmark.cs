using System.Diagnostics;
using System.Net.Http.Json;
using Dispatch.Workers.Access;
using Microsoft.Playwright;

namespace Dispatch.Benchmarks;

/// <summary>
/// The supervision dashboard (督办与考核) over a year of N cases (<see cref="ReportBenchmark"/>'s seeding; the month is October 2025):
///   baseline — the KPI endpoint's own time in the same run (GET /api/reports/kpi?month=2025-10&amp;groupBy=department, median of
///              the timed runs after a warm-up, through HTTP as the screen asks it);
///   requests — each other request the dashboard makes, timed alike;
///   browser  — supervisor1, signed in, opens /supervision?month=2025-10 in Chromium and the time runs from the navigation's start
///              until <c>[data-testid="supervision-dashboard"][data-state="ready"]</c> (every request answered, every chart drawn),
///              cold (a new context each load) and warm (a new tab in a context that loaded it once); p50 and p95 of N loads.
/// Without that marker (the screen not built yet) the browser rows say so and the requests still run.
/// </summary>
public static class DashboardBenchmark
{
    public const string Month = "2025-10";

    public const string Ready = "[data-testid=\"supervision-dashboard\"][data-state=\"ready\"]";

    /// <summary>The KPI request the dashboard is measured against.</summary>
    public const string Baseline = "/api/reports/kpi?month=2025-10&groupBy=department";

    /// <summary>
    /// The other requests the month view makes (SupervisionView's load: the previous month, the days, the categories, the ranking, the
    /// hotspots), then those of the screens it clicks through to (live, a figure's cases, the monthly assessment), each timed on its own.
    /// </summary>
    public static IReadOnlyList<string> Requests { get; } =
    [
        "/api/reports/kpi?month=2025-09&groupBy=department",
        "/api/reports/kpi?month=2025-10&groupBy=day",
        "/api/reports/kpi?month=2025-10&groupBy=category&categoryLevel=3",
        "/api/reports/ranking?month=2025-10",
        "/api/reports/hotspots?month=2025-10&categoryLevel=2&areaLevel=street",
        "/api/reports/live",
        "/api/reports/definitions",
        "/api/reports/kpi/cases?figure=response&part=numerator&month=2025-10&byDepartment=UM",
        "/api/reports/monthly-assessment?month=2025-10",
    ];

    public sealed record RequestTiming(string Path, double MedianMs, double MaxMs, long Bytes);

    public sealed record BrowserTiming(string Cache, int Loads, double P50Ms, double P95Ms);

    public sealed record Result(int Cases, double SetupSeconds, RequestTiming Kpi, IReadOnlyList<RequestTiming> Others, IReadOnlyList<BrowserTiming> Browser,
        string? BrowserSkipped);

    public static async Task<Result> RunAsync(BenchServers servers, int cases, int loads, int runs)
    {
        await using var bench = await BenchDatabase.CreateAsync(servers.AdminPostgres, $"dash_{cases}", 20);
        var setup = Stopwatch.StartNew();
        await ReportBenchmark.GenerateAsync(bench.ConnectionString, cases);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var environment = IntakeBenchmark.Environment(bench.ConnectionString, servers);
        // The console as the repo builds it: the Api started from its build output finds no web root of its own.
        environment["ASPNETCORE_WEBROOT"] = ConsoleBenchmark.WebRoot();
        // One supervisor opening the dashboard some hundred times a minute from one address: far above a person's rate.
        environment["RateLimits__PerAddress__PermitLimit"] = "1000000";
        environment["RateLimits__PerAddress__PermitsPerPeriod"] = "1000000";
        await using var api = await BenchHost.StartAsync("Dispatch.Api", environment);

        var directory = new UserDirectory(bench.Database, TimeProvider.System);
        var adminToken = await directory.IssueTokenAsync("admin1", "bench", null, CancellationToken.None);
        var supervisorToken = await directory.IssueTokenAsync("supervisor1", "bench", null, CancellationToken.None);
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        using (var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
            using var set = await http.PutAsJsonAsync(new Uri("/api/admin/users/supervisor1/password", UriKind.Relative), new { password });
            if (!set.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Setting supervisor1's password answered {(int)set.StatusCode}: {await set.Content.ReadAsStringAsync()}");
            }
        }

        using var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", supervisorToken);
        var kpi = await TimeAsync(client, Baseline, runs);
        var others = new List<RequestTiming>();
        foreach (var path in Requests)
        {
            others.Add(await TimeAsync(client, path, runs));
        }

        var missing = ConsoleBenchmark.Missing();
        if (missing is not null)
        {
            return new Result(cases, setupSeconds, kpi, others, [], missing);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ConsoleBenchmark.ChromiumPath, Headless = true });
        string session;
        await using (var signIn = await browser.NewContextAsync(new() { BaseURL = api.BaseAddress.ToString() }))
        {
            var answer = await signIn.APIRequest.PostAsync("/api/session", new() { DataObject = new { username = "supervisor1", password } });
            if (!answer.Ok)
            {
                throw new InvalidOperationException($"Signing supervisor1 in answered {answer.Status}: {await answer.TextAsync()}");
            }

            session = await signIn.StorageStateAsync();
        }

        async Task<IBrowserContext> ContextAsync()
        {
            var context = await browser.NewContextAsync(new()
            {
                BaseURL = api.BaseAddress.ToString(),
                Locale = "zh-CN",
                TimezoneId = "Asia/Shanghai",
                ViewportSize = new() { Width = 1440, Height = 900 },
                StorageState = session,
            });
            await context.AddInitScriptAsync(Probe);
            return context;
        }

        // Untimed first loads (JIT, pools); a screen without the marker is reported with what it showed instead, not timed.
        await using (var context = await ContextAsync())
        {
            var first = await context.NewPageAsync();
            var said = new List<string>();
            first.Console += (_, message) => said.Add($"{message.Type}: {message.Text}");
            first.RequestFailed += (_, request) => said.Add($"request failed: {request.Method} {request.Url} ({request.Failure})");
            first.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    said.Add($"{response.Status} for {response.Request.Method} {response.Url}");
                }
            };
            await first.GotoAsync($"/supervision?month={Month}", new() { WaitUntil = WaitUntilState.Commit });
            try
            {
                await first.WaitForSelectorAsync(Ready, new() { Timeout = 60_000 });
            }
            catch (TimeoutException)
            {
                var state = await first.EvaluateAsync<string?>(
                    "() => document.querySelector('[data-testid=\"supervision-dashboard\"]')?.getAttribute('data-state') ?? null");
                var picture = Path.Combine(Path.GetTempPath(), "dispatch-dashboard-not-ready.png");
                await first.ScreenshotAsync(new() { Path = picture, FullPage = true });
                return new Result(cases, setupSeconds, kpi, others, [],
                    $"/supervision?month={Month} never showed {Ready} within 60 s: the page was at {first.Url}, the dashboard's state " +
                    $"{state ?? "(no dashboard)"}; screenshot {picture}; the page said: {(said.Count == 0 ? "nothing" : string.Join(" | ", said.Take(10)))}");
            }
            finally
            {
                await first.CloseAsync();
            }
        }

        var cold = new List<double>();
        var warm = new List<double>();
        await using var warmContext = await ContextAsync();
        await LoadAsync(warmContext);
        for (var i = 0; i < loads; i++)
        {
            await using (var context = await ContextAsync())
            {
                cold.Add(await LoadAsync(context) ?? double.NaN);
            }

            warm.Add(await LoadAsync(warmContext) ?? double.NaN);
        }

        return new Result(cases, setupSeconds, kpi, others, [Summary("cold", cold), Summary("warm", warm)], null);
    }

    /// <summary>One load of the month view in a new tab of <paramref name="context"/>: ms from the navigation's start to ready; null if never.</summary>
    private static async Task<double?> LoadAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync($"/supervision?month={Month}", new() { WaitUntil = WaitUntilState.Commit });
            try
            {
                await page.WaitForSelectorAsync(Ready, new() { Timeout = 60_000 });
            }
            catch (TimeoutException)
            {
                return null;
            }

            return await page.EvaluateAsync<double>("() => window.__dashboardReadyAt");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// Injected before the page's own scripts: notes the moment (performance.now(), from the navigation's start) the marker first holds,
    /// so the time does not include the benchmark's own polling.
    /// </summary>
    private const string Probe = $$"""
        (() => {
          const check = () => {
            if (window.__dashboardReadyAt === undefined && document.querySelector('{{Ready}}')) {
              window.__dashboardReadyAt = performance.now();
            }
          };
          new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
        })();
        """;

    private static async Task<RequestTiming> TimeAsync(HttpClient client, string path, int runs)
    {
        long bytes = 0;
        var times = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            var ms = clock.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
            }

            // The first run warms up (JIT, plans) and is not timed.
            if (i > 0)
            {
                times.Add(ms);
                bytes = body.Length;
            }
        }

        var sorted = times.Order().ToArray();
        return new RequestTiming(path, sorted[sorted.Length / 2], sorted[^1], bytes);
    }

    private static BrowserTiming Summary(string cache, List<double> loads)
    {
        var sorted = loads.Where(l => !double.IsNaN(l)).Order().ToArray();
        double P(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new BrowserTiming(cache, sorted.Length, P(0.5), P(0.95));
    }
}

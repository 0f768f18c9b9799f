using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Workers.Access;
using Microsoft.Playwright;

namespace Dispatch.Benchmarks;

/// <summary>
/// The operators' console: what the agent desk's first load fetches (from the build), and how long a signed-in agent waits for
/// a usable desk in Chromium, cold and warm, against the same page as static HTML served by the same Api in the same run.
/// <para>
/// <b>Usable</b>: the caller's phone field (accessible name 来电号码) has the keyboard focus and the category cascader's menu
/// holds every top-level category of the catalogue (its options came from <c>GET /api/categories</c>); the time is that of the
/// first animation frame after both hold (the frame that paints it), from the navigation's start (<c>performance.now()</c>
/// in the page). A probe injected into every page before its own scripts (<see cref="Probe"/>) watches the DOM and focus events
/// for it, the same probe on both pages.
/// </para>
/// <para>
/// <b>Static baseline</b>: the desk's DOM as the console rendered it (taken once, after an untimed load had settled), without
/// scripts or module preloads, the phone field marked <c>autofocus</c>, linking the same stylesheets from <c>/assets</c>; saved
/// beside the console in a copy of its web root and served by the same Api. What the browser cannot avoid for this page: the HTML,
/// the CSS, layout and paint; what the console adds is its JavaScript, the session check and the catalogue's three reads.
/// </para>
/// </summary>
public static class ConsoleBenchmark
{
    /// <summary>The desk's route component, whose chunk Vite names after the file.</summary>
    public const string DeskComponent = "AgentDeskView";

    /// <summary>The issue's budget for the initial load, gzip.</summary>
    public const double BudgetGzipKb = 500;

    public const string ChromiumPath = "/usr/bin/chromium";

    private const string BaselinePath = "desk-baseline.html";

    /// <param name="Steps">
    /// The console's steps (p50, ms from the navigation's start): its page answered, the session checked (GET /api/session), the desk's
    /// chunk loaded, the catalogue's last read answered (categories, areas, departments); the baseline has only the first.
    /// </param>
    public sealed record Timing(string Page, string Cache, int Loads, double UsableP50Ms, double UsableP95Ms, double PaintP50Ms,
        double RequestsMean, double TransferredKbMean, Steps Steps);

    public sealed record Steps(double PageMs, double SessionMs, double DeskChunkMs, double CatalogueMs);

    /// <param name="Desk">What the desk's route loads on top of the entry.</param>
    /// <param name="FetchedDiffers">The JS and CSS a cold load of /desk fetched that the build's reading did not name, and the other way round (both empty: the same).</param>
    public sealed record Result(string Browser, IReadOnlyList<ConsoleBuild.Asset> Entry, IReadOnlyList<ConsoleBuild.Asset> Desk,
        ConsoleBuild.Asset LargestLazy, IReadOnlyList<Timing> Timings, IReadOnlyList<string> FetchedDiffers, long BaselineHtmlBytes);

    /// <summary>Why the benchmark cannot run here (the console not built, no Chromium), or null.</summary>
    public static string? Missing()
    {
        if (!File.Exists(Path.Combine(WebRoot(), "index.html")))
        {
            return "the console is not built (Dispatch.Api/wwwroot/index.html is missing: `npm ci && npm run build` in Dispatch.Api/ClientApp; deploy/bench/run does it when Node is installed)";
        }

        return File.Exists(ChromiumPath) ? null : $"no Chromium at {ChromiumPath} (apt-get install -y chromium)";
    }

    public static string WebRoot() => Path.Combine(BenchHost.Root(), "Dispatch.Api", "wwwroot");

    /// <summary>Reads the build, then times <paramref name="loads"/> loads of each page, cold and warm.</summary>
    public static async Task<Result> RunAsync(BenchServers servers, int loads)
    {
        var build = ConsoleBuild.Read(WebRoot());
        var desk = build.Route(DeskComponent);

        // A copy of the web root: the baseline is written beside the console without touching the build the repo serves.
        var webRoot = Directory.CreateTempSubdirectory("dispatch-bench-console-").FullName;
        try
        {
            CopyFolder(WebRoot(), webRoot);
            await using var bench = await BenchDatabase.CreateAsync(servers.AdminPostgres, "console", 10);
            var environment = IntakeBenchmark.Environment(bench.ConnectionString, servers);
            environment["ASPNETCORE_WEBROOT"] = webRoot;
            // The benchmark opens the desk some hundred times a minute from one address as one agent: far above a person's rate.
            environment["RateLimits__PerAddress__PermitLimit"] = "1000000";
            environment["RateLimits__PerAddress__PermitsPerPeriod"] = "1000000";
            await using var api = await BenchHost.StartAsync("Dispatch.Api", environment);

            var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            var roots = await PrepareAgentAsync(bench, api.BaseAddress, password);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
            var session = await SignInAsync(browser, api.BaseAddress, "agent1", password);
            var probe = Probe(roots);

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
                await context.AddInitScriptAsync(probe);
                return context;
            }

            async Task<Load> ColdAsync(string path, bool record = false)
            {
                await using var context = await ContextAsync();
                return await LoadAsync(context, path, record);
            }

            // Untimed: the Api's and the browser's first loads (JIT, connection pools). The last one settles and gives the baseline,
            // and says which JS and CSS the desk's first load fetched.
            await ColdAsync("/desk");
            await ColdAsync("/desk");
            var first = await ColdAsync("/desk", record: true);
            var expected = build.Entry.Concat(desk).Select(a => a.Path).ToHashSet();
            var differs = first.Fetched.Except(expected).Select(f => "fetched, not in the build's reading: " + f)
                .Concat(expected.Except(first.Fetched).Select(f => "in the build's reading, not fetched: " + f)).ToList();
            var baseline = first.Snapshot ?? throw new InvalidOperationException("No snapshot of the desk.");
            await File.WriteAllTextAsync(Path.Combine(webRoot, BaselinePath), baseline);
            // Kept for reading (git-ignored, like the rest of the local state): the page the baseline timed.
            Directory.CreateDirectory(Path.Combine(BenchHost.Root(), ".dispatch-local"));
            await File.WriteAllTextAsync(Path.Combine(BenchHost.Root(), ".dispatch-local", "bench-" + BaselinePath), baseline);
            await ColdAsync("/" + BaselinePath);

            // The two pages alternate, each first in every other pair: the machine's drift falls on both alike.
            async Task<(List<Load> Console, List<Load> Static)> AlternateAsync(Func<Task<Load>> console, Func<Task<Load>> staticPage)
            {
                var (consoleLoads, staticLoads) = (new List<Load>(), new List<Load>());
                for (var i = 0; i < loads; i++)
                {
                    if (i % 2 == 0)
                    {
                        consoleLoads.Add(await console());
                        staticLoads.Add(await staticPage());
                    }
                    else
                    {
                        staticLoads.Add(await staticPage());
                        consoleLoads.Add(await console());
                    }
                }

                return (consoleLoads, staticLoads);
            }

            var cold = await AlternateAsync(() => ColdAsync("/desk"), () => ColdAsync("/" + BaselinePath));
            await using var warmConsole = await ContextAsync();
            await using var warmStatic = await ContextAsync();
            // One untimed load fills each context's cache; every timed load is a new tab in that context.
            await LoadAsync(warmConsole, "/desk", false);
            await LoadAsync(warmStatic, "/" + BaselinePath, false);
            var warm = await AlternateAsync(() => LoadAsync(warmConsole, "/desk", false), () => LoadAsync(warmStatic, "/" + BaselinePath, false));
            List<Timing> timings =
            [
                Summary("console", "cold", cold.Console), Summary("static baseline", "cold", cold.Static),
                Summary("console", "warm", warm.Console), Summary("static baseline", "warm", warm.Static),
            ];
            return new Result($"Chromium {browser.Version}", build.Entry, desk, build.LargestLazyChunk(), timings, differs,
                System.Text.Encoding.UTF8.GetByteCount(baseline));
        }
        finally
        {
            Directory.Delete(webRoot, recursive: true);
        }
    }

    /// <summary>One page load, as the probe saw it.</summary>
    /// <param name="Fetched">With recording: the JS and CSS files the page fetched, as web-root paths.</param>
    /// <param name="Snapshot">With recording: the desk as static HTML, taken once the page had settled.</param>
    private sealed record Load(double UsableMs, double PaintMs, int Requests, double TransferredBytes, Steps Steps, IReadOnlySet<string> Fetched,
        string? Snapshot);

    private static async Task<Load> LoadAsync(IBrowserContext context, string path, bool record)
    {
        var page = await context.NewPageAsync();
        var fetched = new HashSet<string>();
        if (record)
        {
            page.Request += (_, request) =>
            {
                if (request.ResourceType is "script" or "stylesheet")
                {
                    fetched.Add(new Uri(request.Url).AbsolutePath.TrimStart('/'));
                }
            };
        }

        try
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
            // Playwright only notices; the time is the page's own (the probe's), so how often it asks changes nothing measured.
            try
            {
                await page.WaitForFunctionAsync("() => window.__deskUsable !== undefined", null, new() { PollingInterval = 50, Timeout = 60_000 });
            }
            catch (TimeoutException e)
            {
                throw new InvalidOperationException(
                    $"{path} was not usable within 60 s: the phone field (aria-label 来电号码) never had the focus while the category menu listed every top-level category. Did the desk change its labels? The page: {await page.TitleAsync()} at {page.Url}", e);
            }

            var figures = await page.EvaluateAsync<JsonElement>(Figures);
            string? snapshot = null;
            if (record)
            {
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 60_000 });
                snapshot = await page.EvaluateAsync<string>(Snapshot);
            }

            double Figure(string name) => figures.GetProperty(name).GetDouble();
            return new Load(Figure("usable"), Figure("paint"), figures.GetProperty("requests").GetInt32(), Figure("transferred"),
                new Steps(Figure("page"), Figure("session"), Figure("chunk"), Figure("catalogue")), fetched, snapshot);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// The probe, in every page before its own scripts: once the phone field has the focus and the category menu lists every
    /// top-level category, the next animation frame's time goes into <c>window.__deskUsable</c>. It checks on every batch of DOM
    /// changes and on every focus change; the menu is looked at only while the phone field has the focus.
    /// </summary>
    private static string Probe(IReadOnlyList<string> rootCategories) => $$"""
        (() => {
          const roots = {{JsonSerializer.Serialize(rootCategories)}};
          let seen = false;
          const usable = () => {
            const focused = document.activeElement;
            if (!focused || focused.tagName !== 'INPUT' || focused.getAttribute('aria-label') !== '来电号码') return false;
            const listed = new Set(Array.from(document.querySelectorAll('[role="menuitem"]'), (e) => e.textContent.trim()));
            return roots.every((r) => listed.has(r));
          };
          const check = () => {
            if (seen || !usable()) return;
            seen = true;
            requestAnimationFrame(() => { window.__deskUsable = performance.now(); });
          };
          new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
          document.addEventListener('focusin', check, true);
        })();
        """;

    /// <summary>
    /// The probe's time, the first contentful paint, and the requests sent over the network (the page's own included; a file taken
    /// from the cache sends none, a revalidation does) answered by then, with the bytes they transferred.
    /// </summary>
    private const string Figures = $$"""
        () => {
          const usable = window.__deskUsable;
          const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
            .filter((e) => e.transferSize > 0 && e.responseEnd > 0 && e.responseEnd <= usable);
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          const answered = (paths) => Math.max(0, ...performance.getEntriesByType('resource')
            .filter((e) => paths.some((p) => new URL(e.name).pathname.startsWith(p)))
            .map((e) => e.responseEnd));
          return {
            usable,
            page: performance.getEntriesByType('navigation')[0].responseEnd,
            session: answered(['/api/session']),
            chunk: answered(['/assets/{{DeskComponent}}-']),
            catalogue: answered(['/api/categories', '/api/areas', '/api/departments']),
            paint: paint ? paint.startTime : usable,
            requests: entries.length,
            transferred: entries.reduce((n, e) => n + (e.transferSize || 0), 0),
          };
        }
        """;

    /// <summary>The rendered desk as a static page: no scripts, no module preloads, the same stylesheets, the phone field autofocused.</summary>
    private const string Snapshot = """
        () => {
          const root = document.documentElement.cloneNode(true);
          root.querySelectorAll('script, link[rel="modulepreload"]').forEach((e) => e.remove());
          root.querySelectorAll('[autofocus]').forEach((e) => e.removeAttribute('autofocus'));
          const phone = root.querySelector('input[aria-label="来电号码"]');
          if (!phone) throw new Error('no phone field in the desk');
          phone.setAttribute('autofocus', '');
          return '<!doctype html>\n' + root.outerHTML;
        }
        """;

    private static Timing Summary(string page, string cache, List<Load> loads)
    {
        var usable = loads.Select(l => l.UsableMs).Order().ToArray();
        var paint = loads.Select(l => l.PaintMs).Order().ToArray();
        double P50(Func<Steps, double> step) => P([.. loads.Select(l => step(l.Steps)).Order()], 0.5);
        return new Timing(page, cache, loads.Count, P(usable, 0.5), P(usable, 0.95), P(paint, 0.5), loads.Average(l => l.Requests),
            loads.Average(l => l.TransferredBytes) / 1024, new Steps(P50(s => s.PageMs), P50(s => s.SessionMs), P50(s => s.DeskChunkMs), P50(s => s.CatalogueMs)));
    }

    /// <summary>Gives agent1 a console password (as an administrator does, through the API) and reads the top-level categories' names.</summary>
    private static async Task<IReadOnlyList<string>> PrepareAgentAsync(BenchDatabase bench, Uri api, string password)
    {
        var token = await new UserDirectory(bench.Database, TimeProvider.System).IssueTokenAsync("admin1", "bench", null, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using (var set = await http.PutAsJsonAsync(new Uri("/api/admin/users/agent1/password", UriKind.Relative), new { password }))
        {
            if (!set.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Setting agent1's password answered {(int)set.StatusCode}: {await set.Content.ReadAsStringAsync()}");
            }
        }

        var categories = await http.GetFromJsonAsync<List<Dispatch.Api.Apis.CategoryView>>(new Uri("/api/categories", UriKind.Relative),
            new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        var roots = categories.Where(c => c.ParentCode is null && c.Active).Select(c => c.Name).ToList();
        return roots.Count > 0 ? roots : throw new InvalidOperationException("The catalogue has no top-level category.");
    }

    /// <summary>Signs in through the API in a context of its own (POST /api/session) and returns its cookies for every later context.</summary>
    private static async Task<string> SignInAsync(IBrowser browser, Uri api, string username, string password)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = api.ToString() });
        var answer = await context.APIRequest.PostAsync("/api/session", new() { DataObject = new { username, password } });
        if (!answer.Ok)
        {
            throw new InvalidOperationException($"Signing {username} in answered {answer.Status}: {await answer.TextAsync()}");
        }

        return await context.StorageStateAsync();
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static double P(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

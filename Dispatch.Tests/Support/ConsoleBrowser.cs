using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Dispatch.Tests.Support;

/// <summary>
/// A real Chromium (Debian's, at /usr/bin/chromium: Playwright's own browser download cannot run here) on the console that a spec's
/// Api serves over HTTP (<see cref="DispatchSystem.ApiAddress"/>), in the hotline's language and time zone. Each person gets a context
/// of their own (own cookies), signed in through the sign-in screen.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A phone's width in CSS pixels (<see cref="OpenPhoneAsync"/>): nothing on a phone screen may be wider.</summary>
    public const int PhoneWidth = 390;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _address;
    private readonly List<IPage> _pages = [];

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, Uri address)
    {
        _playwright = playwright;
        _browser = browser;
        _address = address;
    }

    /// <summary>Starts the browser; fails with what to do when the console was not built or Chromium is missing.</summary>
    public static async Task<ConsoleBrowser> StartAsync(DispatchSystem hotline)
    {
        ArgumentNullException.ThrowIfNull(hotline);
        var address = hotline.ApiAddress ?? throw new InvalidOperationException("Start the hotline with OverHttp => true.");
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"No Chromium at {ChromiumPath}: apt-get install -y chromium (deploy/local/test installs it).");
        }

        using (var probe = new HttpClient { BaseAddress = address })
        using (var page = await probe.GetAsync(new Uri("/", UriKind.Relative)))
        {
            if (!page.IsSuccessStatusCode)
            {
                Assert.Fail("The console is not built: run `npm ci && npm run build` in Dispatch.Api/ClientApp (deploy/local/test does).");
            }
        }

        // Playwright's assertions wait 5 s by default; a loaded 2-core machine needs more for a screen's first answer. What a spec
        // waits for longer (a polled list) it says itself.
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
        return new ConsoleBrowser(playwright, browser, address);
    }

    /// <summary>A new person at a new browser window, not signed in.</summary>
    public Task<IPage> OpenAsync() => OpenAsync(new()
    {
        BaseURL = _address.ToString(),
        Locale = "zh-CN",
        TimezoneId = "Asia/Shanghai",
        ViewportSize = new() { Width = 1440, Height = 900 },
    });

    /// <summary>
    /// A new person on a phone, not signed in: a 390 × 844 screen (an everyday phone's CSS pixels) at 3×, touch, the page's
    /// meta viewport honoured (<c>IsMobile</c>), and the position <paramref name="at"/> given to the page's
    /// <c>navigator.geolocation</c> (the permission granted, as the person would on the phone's prompt).
    /// </summary>
    public Task<IPage> OpenPhoneAsync(Geolocation at) => OpenAsync(new()
    {
        BaseURL = _address.ToString(),
        Locale = "zh-CN",
        TimezoneId = "Asia/Shanghai",
        ViewportSize = new() { Width = PhoneWidth, Height = 844 },
        DeviceScaleFactor = 3,
        IsMobile = true,
        HasTouch = true,
        Geolocation = at,
        Permissions = ["geolocation"],
    });

    private async Task<IPage> OpenAsync(BrowserNewContextOptions options)
    {
        var context = await _browser.NewContextAsync(options);
        // Generous: the first page a fixture opens waits for the Api's first requests, on a machine that may be busy.
        context.SetDefaultTimeout(30_000);
        return Watched(await context.NewPageAsync());
    }

    /// <summary>
    /// Another tab of the same person (the same cookies, so the same session), e.g. the same case open twice.
    /// </summary>
    public async Task<IPage> OpenBesideAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Watched(await page.Context.NewPageAsync());
    }

    private IPage Watched(IPage page)
    {
        // What went wrong inside the page goes into the spec's output: a failed spec then says why, not only what it waited for.
        page.PageError += (_, error) => TestContext.Out.WriteLine($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                TestContext.Out.WriteLine($"console {message.Type}: {message.Text}");
            }
        };
        page.RequestFailed += (_, request) => TestContext.Out.WriteLine($"request failed: {request.Method} {request.Url} {request.Failure}");
        _pages.Add(page);
        return page;
    }

    /// <summary>
    /// After a failed spec: a screenshot of every page it opened, attached to the test result (what the person would have seen),
    /// and the pages closed, so that the next spec starts with none.
    /// </summary>
    public async Task CloseAsync(bool failed)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser-failures");
        foreach (var (page, i) in _pages.Select((p, i) => (p, i)))
        {
            if (failed && !page.IsClosed)
            {
                Directory.CreateDirectory(folder);
                var file = Path.Combine(folder, $"{TestContext.CurrentContext.Test.ID}-{i}.png");
                await page.ScreenshotAsync(new() { Path = file, FullPage = true });
                TestContext.AddTestAttachment(file, page.Url);
            }
        }

        // After every screenshot: two tabs of one person share a context, and closing it closes both.
        foreach (var context in _pages.Select(p => p.Context).Distinct())
        {
            await context.CloseAsync();
        }

        _pages.Clear();
    }

    /// <summary>Signs <paramref name="username"/> in through the sign-in screen, typing as a person would, and waits for their first screen.</summary>
    public async Task<IPage> SignInAsync(string username, string password) => await SignInAsync(await OpenAsync(), username, password);

    /// <summary>Signs <paramref name="username"/> in on a phone at <paramref name="at"/> (<see cref="OpenPhoneAsync"/>).</summary>
    public async Task<IPage> SignInOnPhoneAsync(string username, string password, Geolocation at) =>
        await SignInAsync(await OpenPhoneAsync(at), username, password);

    private static async Task<IPage> SignInAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/");
        await page.Locator("input[name=username]").FillAsync(username);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/sign-in", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Gives a demo user a console password, as an administrator does (PUT /api/admin/users/{username}/password).</summary>
    public static async Task SetPasswordAsync(DispatchSystem hotline, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(hotline);
        var admin = await hotline.As("admin1");
        using var answer = await admin.PutAsJsonAsync(new Uri($"/api/admin/users/{username}/password", UriKind.Relative), new { password });
        Assert.That((int)answer.StatusCode, Is.EqualTo(204),
            $"setting {username}'s password (the console's sign-in API: PUT /api/admin/users/{{username}}/password, POST /api/session): " +
            await answer.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

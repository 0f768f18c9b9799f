using System.Text.Json;
using System.Text.RegularExpressions;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// Signing in and out at the console, with the limits a deployment has (docs/access.md, docs/limits.md): repeated wrong passwords
/// lock a username out of password sign-in, said plainly, while a colleague at the same address signs in; sign-out ends the session
/// on the server, not only in the browser; and a change sent with the session cookie but without the antiforgery header is refused.
/// </summary>
public sealed class SignInBrowserSpecs : BrowserFixture
{
    protected override IReadOnlyList<string> People => ["agent1", "agent2", "um.handler"];

    /// <summary>The deployment's lock-out (5 wrong passwords a username, then one more every 5 minutes), not the specs' lifted one.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:FailedPasswordsPerUser:PermitLimit"] = "5",
        ["RateLimits:FailedPasswordsPerUser:PermitsPerPeriod"] = "1",
        ["RateLimits:FailedPasswordsPerUser:Period"] = "00:05:00",
    };

    [Test]
    public async Task Repeated_wrong_passwords_lock_the_username_out_said_plainly_even_for_the_right_one_and_only_that_username()
    {
        var page = await Browser.OpenAsync();
        await page.GotoAsync("/sign-in");
        var alert = page.GetByRole(AriaRole.Alert);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await TrySignInAsync(page, "agent2", $"wrong password {attempt}");
            await Assertions.Expect(alert).ToHaveTextAsync("用户名或密码不对。");
        }

        await TrySignInAsync(page, "agent2", "wrong password 6");
        await Assertions.Expect(alert).ToContainTextAsync("登录失败次数过多，账号暂时锁定");
        await TrySignInAsync(page, "AGENT2", Password);
        await Assertions.Expect(alert).ToContainTextAsync("登录失败次数过多，账号暂时锁定");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in$"));

        // The lock is the username's: agent1, at the same browser and address, signs in.
        await page.Locator("input[name=username]").FillAsync("agent1");
        await page.Locator("input[name=password]").FillAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/desk$"));
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync("接线员 王芳");
    }

    [Test]
    public async Task Sign_out_ends_the_session_on_the_server_so_a_kept_cookie_opens_nothing()
    {
        var page = await SignInAsync("agent1");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/desk$"));
        var kept = await page.Context.CookiesAsync();
        Assert.That(kept.Select(c => c.Name), Does.Contain("dispatch.session"));

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in$"));
        // As if the cookie had been copied before sign-out (a shared PC, a leaked log): the server no longer knows it.
        await page.Context.AddCookiesAsync(kept.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        var session = await page.EvaluateAsync<int>("async () => (await fetch('/api/session')).status");
        await page.GotoAsync("/desk");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in"));
        Assert.That(session, Is.EqualTo(401));
    }

    [Test]
    public async Task A_change_with_the_session_cookie_but_without_the_antiforgery_header_is_refused_and_nothing_is_written()
    {
        var number = await FileNightNoiseAsync("文三路工地夜间卸货", "文三路55号工地");
        var page = await SignInAsync("um.handler");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workbench$"));

        // fetch from the page: the browser sends its real session cookie (HttpOnly: no script can read or forge it).
        const string script = """
            async ([number, token]) => {
              const headers = { 'Content-Type': 'application/json' };
              if (token === 'from-cookie') headers['X-XSRF-TOKEN'] = decodeURIComponent(document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).split('=')[1]);
              else if (token) headers['X-XSRF-TOKEN'] = token;
              const answer = await fetch(`/api/cases/${number}/notes`, { method: 'POST', headers, body: JSON.stringify({ text: `备注（令牌：${token ?? '无'}）` }) });
              const type = answer.headers.get('Content-Type') ?? '';
              return { status: answer.status, title: type.includes('json') ? ((await answer.json()).title ?? '') : '' };
            }
            """;
        var without = await page.EvaluateAsync<JsonElement>(script, new object?[] { number, null });
        var wrong = await page.EvaluateAsync<JsonElement>(script, new object?[] { number, "not-this-sessions-token" });
        var with = await page.EvaluateAsync<JsonElement>(script, new object?[] { number, "from-cookie" });

        var notes = (await Hotline.Api.GetHistoryAsync(number)).Where(e => e.Action == "add-note").Select(e => e.Reason).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((without.GetProperty("status").GetInt32(), without.GetProperty("title").GetString()),
                Is.EqualTo((403, "The X-XSRF-TOKEN header is missing.")));
            Assert.That((wrong.GetProperty("status").GetInt32(), wrong.GetProperty("title").GetString()),
                Is.EqualTo((403, "The X-XSRF-TOKEN header does not match this session.")));
            // The same request with the header the console sends is done: the refusals were the missing and the wrong header's.
            Assert.That(with.GetProperty("status").GetInt32(), Is.EqualTo(200));
            Assert.That(notes, Is.EqualTo(new[] { "备注（令牌：from-cookie）" }));
        });
    }

    /// <summary>A sign-in that is refused: typed, Enter, and its answer waited for (the screen empties the password when refused).</summary>
    private static async Task TrySignInAsync(IPage page, string username, string password)
    {
        var passwordField = page.Locator("input[name=password]");
        await page.Locator("input[name=username]").FillAsync(username);
        await passwordField.FillAsync(password);
        await passwordField.PressAsync("Enter");
        await Assertions.Expect(passwordField).ToHaveValueAsync("");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dispatch.Api.Access;
using Dispatch.Api.Apis;
using Dispatch.Api.Apis.Administration;
using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Microsoft.Net.Http.Headers;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// People sign in at the console with a password and work with a session cookie: sign-in, the same answer for every wrong guess,
/// the cookies' flags, antiforgery on every change, sign-out that ends the session everywhere, the idle timeout and the lifetime (on a
/// clock the spec moves), and administrators setting passwords. Bearer tokens keep working beside it.
/// </summary>
[Category("Integration")]
public sealed class SessionSpecs : HotlineFixture
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);
    private HttpClient _browser = null!;

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    private static string PasswordOf(string username) => $"correct horse {username}";

    [OneTimeSetUp]
    public async Task GivePasswords()
    {
        _browser = Hotline.Cookieless();
        var admin = await As("admin1");
        foreach (var user in new[] { "agent1", "agent2", "dispatcher1", "um.handler", "env.handler", "housing.handler", "admin1" })
        {
            await ConsoleSession.SetPasswordAsync(admin, user, PasswordOf(user));
        }
    }

    [OneTimeTearDown]
    public void CloseBrowser() => _browser?.Dispose();

    [SetUp]
    public void BackToTheStart() => _clock.Set(Start);

    private Task<ConsoleSession> SignIn(string user) => ConsoleSession.SignInAsync(_browser, user, PasswordOf(user));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Test]
    public async Task Signing_in_says_who_is_signed_in_and_sets_an_HttpOnly_strict_session_cookie_and_a_readable_antiforgery_cookie()
    {
        using var response = await ConsoleSession.PostSignInAsync(_browser, "um.handler", PasswordOf("um.handler"));
        var user = await response.Content.ReadFromJsonAsync<SessionUser>(ApiClient.Json);
        var cookies = ConsoleSession.SetCookies(response);
        var session = cookies[SessionCookies.Session];
        var antiforgery = cookies[SessionCookies.Antiforgery];
        var stored = await Db.QueryAsync<string>("select session_hash from user_sessions where username = 'um.handler'");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(user, Is.EqualTo(new SessionUser("um.handler", DemoUser("um.handler"), "handler", "UM", DemoCatalogue.Instance.Departments["UM"].Name)
            {
                DepartmentKind = "department",
            }));
            Assert.That((session.HttpOnly, session.SameSite, session.Secure, session.Path.ToString()),
                Is.EqualTo((true, SameSiteMode.Strict, true, "/")), "outside Development (this host runs as Test) the cookie is Secure");
            Assert.That((session.Expires, session.MaxAge), Is.EqualTo(((DateTimeOffset?)null, (TimeSpan?)null)), "gone when the browser closes");
            Assert.That((antiforgery.HttpOnly, antiforgery.SameSite, antiforgery.Secure), Is.EqualTo((false, SameSiteMode.Strict, true)),
                "the console's script reads the antiforgery token");
            Assert.That(antiforgery.Value.ToString(), Is.EqualTo(Sessions.AntiforgeryToken(session.Value.ToString())));
            Assert.That(stored, Does.Contain(Sha256(session.Value.ToString())), "only the cookie's hash is stored");
            Assert.That(stored, Has.None.EqualTo(session.Value.ToString()));
        });
    }

    [Test]
    public async Task A_wrong_password_an_unknown_user_a_user_without_a_password_and_an_inactive_one_get_the_same_401()
    {
        var admin = await As("admin1");
        foreach (var username in new[] { "nopass.agent", "gone.agent" })
        {
            using var created = await admin.PostAsJsonAsync(new Uri("/api/admin/users", UriKind.Relative),
                new UserRequest(username, null, "新接线员", "agent", null, true), ApiClient.Json);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        await ConsoleSession.SetPasswordAsync(admin, "gone.agent", PasswordOf("gone.agent"));
        using (var deactivated = await admin.PutAsJsonAsync(new Uri("/api/admin/users/gone.agent", UriKind.Relative),
                   new UserRequest(null, 1, "已停用", "agent", null, false), ApiClient.Json))
        {
            Assert.That(deactivated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await deactivated.Content.ReadAsStringAsync());
        }

        var attempts = new[]
        {
            ("agent1", "not the password"), ("nobody.at.all", "not the password"), ("nopass.agent", "correct horse nopass.agent"),
            ("gone.agent", PasswordOf("gone.agent")),
        };
        var answers = new List<(HttpStatusCode, string?, string?, bool)>();
        foreach (var (username, password) in attempts)
        {
            using var response = await ConsoleSession.PostSignInAsync(_browser, username, password);
            var problem = await response.ProblemAsync();
            answers.Add((response.StatusCode, problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString(),
                response.Headers.Contains(HeaderNames.SetCookie)));
        }

        Assert.That(answers, Has.All.EqualTo((HttpStatusCode.Unauthorized, SessionApi.WrongCredentials, answers[0].Item3, false)));
    }

    [TestCase(null, "secret password", "username")]
    [TestCase("", "secret password", "username")]
    [TestCase("agent1", null, "password")]
    [TestCase("agent1", "", "password")]
    public async Task A_missing_username_or_password_is_a_400_naming_it(string? username, string? password, string field)
    {
        using var response = await ConsoleSession.PostSignInAsync(_browser, username, password);
        var problem = await response.ProblemAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { field }));
        });
    }

    [Test]
    public async Task The_session_reads_as_its_user_and_bearer_tokens_keep_working_beside_it()
    {
        var session = await SignIn("um.handler");
        using var who = await session.GetAsync("/api/session");
        using var inbox = await session.GetAsync("/api/inbox");
        using var byToken = await (await As("um.handler")).GetAsync(new Uri("/api/session", UriKind.Relative));
        using var both = session.Request(HttpMethod.Get, "/api/session");
        both.Headers.Authorization = (await As("agent1")).DefaultRequestHeaders.Authorization;
        using var tokenWins = await _browser.SendAsync(both);
        using var signedOut = await _browser.GetAsync(new Uri("/api/session", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(who.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await who.Content.ReadFromJsonAsync<SessionUser>(ApiClient.Json))!.Username, Is.EqualTo("um.handler"));
            Assert.That(ConsoleSession.SetCookies(who)[SessionCookies.Antiforgery].Value.ToString(), Is.EqualTo(session.AntiforgeryToken),
                "GET /api/session gives the antiforgery cookie again");
            Assert.That(inbox.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await byToken.Content.ReadFromJsonAsync<SessionUser>(ApiClient.Json))!.DepartmentName, Is.EqualTo(DemoCatalogue.Instance.Departments["UM"].Name));
            Assert.That((await tokenWins.Content.ReadFromJsonAsync<SessionUser>(ApiClient.Json))!.Username, Is.EqualTo("agent1"),
                "with a bearer token the cookie is not looked at");
            Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await signedOut.ProblemAsync()).GetProperty("title").GetString(), Is.EqualTo("Sign in first."));
        });
    }

    [Test]
    public async Task A_change_made_with_the_session_needs_its_antiforgery_header_and_one_made_with_a_token_does_not()
    {
        var agent = await SignIn("agent1");
        var other = await SignIn("agent2");
        var before = await Db.ScalarAsync<long>("select count(*) from cases");
        using var missing = await agent.SendAsync(HttpMethod.Post, "/api/cases", Requests.NightNoise(), antiforgery: false);
        using var foreign = await _browser.SendAsync(agent.Request(HttpMethod.Post, "/api/cases", Requests.NightNoise(), antiforgeryToken: other.AntiforgeryToken));
        var afterRefusals = await Db.ScalarAsync<long>("select count(*) from cases");
        using var accepted = await agent.SendAsync(HttpMethod.Post, "/api/cases", Requests.NightNoise());
        using var byToken = await (await As("agent1")).FileAsync(Requests.NightNoise());
        using var read = await agent.SendAsync(HttpMethod.Get, "/api/session", antiforgery: false);

        Assert.Multiple(async () =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await missing.ProblemAsync()).GetProperty("title").GetString(), Is.EqualTo("The X-XSRF-TOKEN header is missing."));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await foreign.ProblemAsync()).GetProperty("title").GetString(), Is.EqualTo("The X-XSRF-TOKEN header does not match this session."));
            Assert.That(afterRefusals, Is.EqualTo(before), "nothing was filed");
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await accepted.Content.ReadAsStringAsync());
            Assert.That(byToken.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a bearer token needs no antiforgery header");
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a read needs none");
        });
    }

    [Test]
    public async Task Signing_out_clears_the_cookies_and_ends_the_session_so_a_copy_of_its_cookie_no_longer_works()
    {
        var session = await SignIn("env.handler");
        using var withoutHeader = await session.SendAsync(HttpMethod.Delete, "/api/session", antiforgery: false);
        using var stillIn = await session.GetAsync("/api/inbox");
        using var signOut = await session.SendAsync(HttpMethod.Delete, "/api/session");
        var cleared = ConsoleSession.SetCookies(signOut);
        using var copy = await session.GetAsync("/api/inbox");
        var ended = await Db.ScalarAsync<DateTime?>("select ended_at from user_sessions where session_hash = @Hash", new { Hash = Sha256(session.SessionCookie) });

        Assert.Multiple(async () =>
        {
            Assert.That(withoutHeader.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "signing out is a change too");
            Assert.That(stillIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(cleared.Keys, Is.EquivalentTo(new[] { SessionCookies.Session, SessionCookies.Antiforgery }));
            Assert.That(cleared.Values.Select(c => c.Expires < _clock.GetUtcNow()), Has.All.True, "both cookies are told to go");
            Assert.That(copy.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await copy.ProblemAsync()).GetProperty("detail").GetString(), Does.Contain("signed out"));
            Assert.That(ConsoleSession.SetCookies(copy).Keys, Does.Contain(SessionCookies.Session), "a dead cookie is cleared");
            Assert.That(ended, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_session_idle_past_the_timeout_ends_and_one_in_use_does_not()
    {
        var session = await SignIn("dispatcher1");
        var answers = new List<HttpStatusCode>();
        foreach (var minutes in new[] { 20, 20, 29, 31 })
        {
            _clock.Advance(TimeSpan.FromMinutes(minutes));
            using var response = await session.GetAsync("/api/session");
            answers.Add(response.StatusCode);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.That((await response.ProblemAsync()).GetProperty("detail").GetString(), Does.Contain("30 minutes without use"));
            }
        }

        Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized }),
            "each use moves the idle timeout on (30 minutes by default): 20, 20 and 29 minutes apart are fine, 31 is not");
    }

    [Test]
    public async Task A_session_ends_twelve_hours_after_sign_in_however_busy()
    {
        var session = await SignIn("agent2");
        var lastOk = TimeSpan.Zero;
        HttpStatusCode answer;
        string? detail = null;
        do
        {
            _clock.Advance(TimeSpan.FromMinutes(25));
            using var response = await session.GetAsync("/api/session");
            answer = response.StatusCode;
            if (answer == HttpStatusCode.OK)
            {
                lastOk = _clock.GetUtcNow() - Start;
            }
            else
            {
                detail = (await response.ProblemAsync()).GetProperty("detail").GetString();
            }
        }
        while (answer == HttpStatusCode.OK && _clock.GetUtcNow() - Start < TimeSpan.FromHours(13));

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(lastOk, Is.EqualTo(TimeSpan.FromMinutes(25 * 28)), "11 h 40 min in, still working");
            Assert.That(detail, Does.Contain("lifetime"));
        });
    }

    [Test]
    public async Task An_administrator_resets_a_password_ending_the_users_sessions_and_the_record_says_so_without_the_password()
    {
        var admin = await As("admin1");
        var session = await SignIn("housing.handler");
        const string NewPassword = "a new password for housing";
        using var reset = await admin.PutAsJsonAsync(new Uri("/api/admin/users/housing.handler/password", UriKind.Relative), new PasswordRequest(NewPassword),
            ApiClient.Json);
        using var afterReset = await session.GetAsync("/api/session");
        using var oldPassword = await ConsoleSession.PostSignInAsync(_browser, "housing.handler", PasswordOf("housing.handler"));
        using var newPassword = await ConsoleSession.PostSignInAsync(_browser, "housing.handler", NewPassword);
        using var tooShort = await admin.PutAsJsonAsync(new Uri("/api/admin/users/housing.handler/password", UriKind.Relative), new PasswordRequest("short"),
            ApiClient.Json);
        using var theUsername = await admin.PutAsJsonAsync(new Uri("/api/admin/users/housing.handler/password", UriKind.Relative),
            new PasswordRequest("Housing.Handler"), ApiClient.Json);
        using var nobody = await admin.PutAsJsonAsync(new Uri("/api/admin/users/nobody.at.all/password", UriKind.Relative), new PasswordRequest(NewPassword),
            ApiClient.Json);
        using var notAdmin = await (await As("supervisor1")).PutAsJsonAsync(new Uri("/api/admin/users/housing.handler/password", UriKind.Relative),
            new PasswordRequest(NewPassword), ApiClient.Json);
        var record = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/changes?entity=user&key=housing.handler", UriKind.Relative), ApiClient.Json);
        var last = record.EnumerateArray().First();
        var stored = await Db.ScalarAsync<string>("select password_hash from user_passwords where username = 'housing.handler'");

        Assert.Multiple(async () =>
        {
            Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(afterReset.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a reset ends the user's sessions");
            Assert.That(oldPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(newPassword.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await tooShort.ProblemAsync()).GetProperty("errors").GetProperty("password")[0].GetString(), Does.Contain("At least 10"));
            Assert.That((await theUsername.ProblemAsync()).GetProperty("errors").GetProperty("password")[0].GetString(), Does.Contain("username"));
            Assert.That(nobody.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(notAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((last.GetProperty("operation").GetString(), last.GetProperty("changedBy").GetString()),
                Is.EqualTo(("set-password", "admin:admin1")));
            Assert.That(record.GetRawText(), Does.Not.Contain(NewPassword).And.Not.Contain(PasswordOf("housing.handler")).And.Not.Contain(stored));
            Assert.That(stored, Does.Not.Contain(NewPassword), "stored hashed");
        });
    }

    private static string DemoUser(string username) =>
        Dispatch.Workers.Catalogue.DemoSeed.Load().Users.Single(u => u.Username == username).DisplayName;
}

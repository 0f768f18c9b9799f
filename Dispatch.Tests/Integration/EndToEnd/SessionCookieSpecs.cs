using System.Net;
using Dispatch.Api.Access;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The session cookie is Secure everywhere but a developer's machine, where the local demo runs on plain http://127.0.0.1; HttpOnly
/// and SameSite=Strict everywhere.
/// </summary>
[Category("Integration")]
[TestFixture("Production", true)]
[TestFixture("Development", false)]
public sealed class SessionCookieSpecs(string environment, bool secure) : HotlineFixture
{
    protected override bool WithWorkers => false;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["environment"] = environment };

    [Test]
    public async Task The_cookies_are_secure_outside_development_and_http_only_and_strict_everywhere()
    {
        await ConsoleSession.SetPasswordAsync(await As("admin1"), "agent1", "a long enough password");
        using var browser = Hotline.Cookieless();
        using var response = await ConsoleSession.PostSignInAsync(browser, "agent1", "a long enough password");
        var cookies = ConsoleSession.SetCookies(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(cookies.Values.Select(c => (c.Name.ToString(), c.Secure, c.SameSite, c.HttpOnly)), Is.EquivalentTo(new[]
            {
                (SessionCookies.Session, secure, Microsoft.Net.Http.Headers.SameSiteMode.Strict, true),
                (SessionCookies.Antiforgery, secure, Microsoft.Net.Http.Headers.SameSiteMode.Strict, false),
            }));
        });
    }
}

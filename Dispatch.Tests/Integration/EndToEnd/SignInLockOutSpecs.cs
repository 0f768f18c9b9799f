using System.Net;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// Repeated wrong passwords lock out through the failed sign-in limiter: per username (whoever sends them) and per address (whatever
/// usernames it tries), each with small budgets that refill once an hour here, so nothing refills during the spec.
/// </summary>
[Category("Integration")]
public sealed class SignInLockOutSpecs : HotlineFixture
{
    private const int PerUser = 3;
    private const int PerAddress = 6;

    protected override bool WithWorkers => false;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimits:FailedPasswordsPerUser:PermitLimit"] = $"{PerUser}",
        ["RateLimits:FailedPasswordsPerUser:PermitsPerPeriod"] = "1",
        ["RateLimits:FailedPasswordsPerUser:Period"] = "01:00:00",
        ["RateLimits:FailedSignIns:PermitLimit"] = $"{PerAddress}",
        ["RateLimits:FailedSignIns:PermitsPerPeriod"] = "1",
        ["RateLimits:FailedSignIns:Period"] = "01:00:00",
    };

    [Test]
    public async Task Wrong_passwords_lock_the_username_then_the_address_out_with_429_and_retry_after()
    {
        var admin = await As("admin1");
        await ConsoleSession.SetPasswordAsync(admin, "agent1", "the right password");
        await ConsoleSession.SetPasswordAsync(admin, "agent2", "the right password");
        using var browser = Hotline.Cookieless();
        var agent1 = new List<HttpStatusCode>();
        for (var i = 0; i < PerUser; i++)
        {
            using var wrong = await ConsoleSession.PostSignInAsync(browser, "agent1", "a wrong password");
            agent1.Add(wrong.StatusCode);
        }

        using var lockedOut = await ConsoleSession.PostSignInAsync(browser, "AGENT1", "the right password");
        using var otherUser = await ConsoleSession.PostSignInAsync(browser, "agent2", "the right password");
        var agent3 = new List<HttpStatusCode>();
        for (var i = 0; i < PerAddress - PerUser; i++)
        {
            using var wrong = await ConsoleSession.PostSignInAsync(browser, $"guess{i}", "a wrong password");
            agent3.Add(wrong.StatusCode);
        }

        using var addressLockedOut = await ConsoleSession.PostSignInAsync(browser, "agent2", "the right password");
        // admin1's token set the passwords moments ago: a token this process accepted within 30 s is not throttled.
        using var tokenStillWorks = await admin.GetAsync(new Uri("/api/session", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(agent1, Has.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(lockedOut.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "locked out, even with the right password, in any spelling");
            Assert.That((await lockedOut.ProblemAsync()).GetProperty("title").GetString(), Is.EqualTo("Too many failed sign-ins."));
            Assert.That(lockedOut.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(otherUser.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another username is not locked out by agent1's failures");
            Assert.That(agent3, Has.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(addressLockedOut.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the address spent its failed sign-ins");
            Assert.That(tokenStillWorks.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a token this process accepted before still works from the address");
        });
    }
}

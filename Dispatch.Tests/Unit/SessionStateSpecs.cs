using Dispatch.Workers.Access;

namespace Dispatch.Tests.Unit;

/// <summary>Whether a console session may still be used (<see cref="SessionState.Of"/>): open, or ended and why.</summary>
[Category("Unit")]
public sealed class SessionStateSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    private static SessionRecord Session(TimeSpan sinceLastUse, TimeSpan untilExpiry, bool ended = false, bool active = true) => new()
    {
        Username = "um.handler", DisplayName = "城管 处理人", Role = Roles.Handler, DepartmentCode = "UM", Active = active,
        LastSeenAt = Now - sinceLastUse, ExpiresAt = Now + untilExpiry, EndedAt = ended ? Now.AddMinutes(-1) : null,
    };

    [Test]
    public void A_session_used_recently_within_its_lifetime_is_open_as_its_user()
    {
        Assert.That(SessionState.Of(Session(TimeSpan.FromMinutes(29), TimeSpan.FromHours(1)), Now, Idle),
            Is.EqualTo(new SessionState.Open(new Person("um.handler", "城管 处理人", Roles.Handler, "UM"))));
    }

    [TestCase(30, 60, false, true, "without use")]
    [TestCase(5, 0, false, true, "lifetime")]
    [TestCase(5, 60, true, true, "signed out")]
    [TestCase(5, 60, false, false, "inactive")]
    public void A_session_idle_too_long_past_its_lifetime_signed_out_or_of_an_inactive_user_has_ended(int idleMinutes, int minutesToExpiry,
        bool ended, bool active, string why)
    {
        var state = SessionState.Of(Session(TimeSpan.FromMinutes(idleMinutes), TimeSpan.FromMinutes(minutesToExpiry), ended, active), Now, Idle);

        Assert.That(state, Is.TypeOf<SessionState.Ended>().With.Property(nameof(SessionState.Ended.Why)).Contains(why));
    }

    [Test]
    public void Antiforgery_tokens_are_bound_to_their_session()
    {
        var first = Sessions.AntiforgeryToken("dss_one");
        var again = Sessions.AntiforgeryToken("dss_one");

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first), "the same session gives the same token at every request");
            Assert.That(Sessions.AntiforgeryToken("dss_one"), Is.Not.EqualTo(Sessions.AntiforgeryToken("dss_two")));
            Assert.That(Sessions.AntiforgeryToken("dss_one"), Does.Not.Contain("dss_one"));
        });
    }
}

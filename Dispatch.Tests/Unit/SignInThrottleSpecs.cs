using Dispatch.Api.Access;
using Dispatch.Api.Limits;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Unit;

/// <summary>The failed sign-ins of an address, counted as the Api counts them (see AbuseSpecs for the whole request).</summary>
[Category("Unit")]
public sealed class SignInThrottleSpecs
{
    [Test]
    public void An_address_that_spent_its_failures_waits_and_another_does_not()
    {
        using var throttle = new SignInThrottle(Options.Create(new RateLimitOptions
        {
            FailedSignIns = new RequestBudget { PermitLimit = 3, PermitsPerPeriod = 1, Period = TimeSpan.FromHours(1) },
        }));
        var before = new List<TimeSpan?>();
        for (var i = 0; i < 3; i++)
        {
            before.Add(throttle.WaitFor("192.0.2.1"));
            throttle.Failed("192.0.2.1");
        }

        Assert.Multiple(() =>
        {
            Assert.That(before, Has.All.Null);
            Assert.That(throttle.WaitFor("192.0.2.1"), Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(throttle.WaitFor("192.0.2.2"), Is.Null);
        });
    }
}

using Dispatch.Workers.Deadlines;

namespace Dispatch.Tests.Unit;

/// <summary>A case's deadline as a list shows it: on time, warned or overdue, or nothing while no clock runs.</summary>
[Category("Unit")]
public sealed class DeadlineStateSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [TestCase(null, false, null)]
    [TestCase(null, true, null)]
    [TestCase(60, false, "on-time")]
    [TestCase(60, true, "warned")]
    [TestCase(0, false, "on-time")]
    [TestCase(0, true, "warned")]
    [TestCase(-1, false, "overdue")]
    [TestCase(-1, true, "overdue")]
    public void The_light_follows_the_nearest_deadline_and_the_warnings_fired(int? minutesToDue, bool warningFired, string? expected)
    {
        DateTimeOffset? due = minutesToDue is { } m ? Now.AddMinutes(m) : null;

        Assert.That(DeadlineStates.Of(due, warningFired, Now), Is.EqualTo(expected));
    }
}

using Dispatch.Tests.Support;
using Dispatch.Workers.Access;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class TokenMissesSpecs
{
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch);

    [Test]
    public void A_miss_is_remembered_for_its_time_and_then_forgotten()
    {
        var misses = new TokenMisses(_clock, 100, TimeSpan.FromMinutes(1));
        misses.Remember("a");

        var remembered = misses.Remembers("a");
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(remembered, Is.True);
            Assert.That(misses.Remembers("b"), Is.False);
            Assert.That(misses.Remembers("a"), Is.False, "a minute later");
        });
    }

    [Test]
    public void A_flood_of_different_misses_never_holds_more_than_the_capacity_and_the_latest_are_kept()
    {
        var misses = new TokenMisses(_clock, 100, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100_000; i++)
        {
            misses.Remember($"made-up-{i}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(misses.Count, Is.LessThanOrEqualTo(100));
            Assert.That(misses.Remembers("made-up-99999"), Is.True);
            Assert.That(misses.Remembers("made-up-0"), Is.False);
        });
    }
}

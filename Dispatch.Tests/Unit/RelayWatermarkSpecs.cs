using Dispatch.Workers.Outbox;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class RelayWatermarkSpecs
{
    /// <summary>Elapsed time that only the spec moves (a timestamp is a tick count here).</summary>
    private sealed class SteppedTimestamps : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    [Test]
    public void The_relay_takes_only_rows_the_table_already_held_the_grace_period_ago()
    {
        var time = new SteppedTimestamps();
        var watermark = new RelayWatermark(time, TimeSpan.FromSeconds(10));
        var upTo = new List<long>();
        void PollAt(int second, long highestId)
        {
            time.Ticks = TimeSpan.FromSeconds(second).Ticks;
            watermark.Saw(highestId);
            upTo.Add(watermark.UpTo);
        }

        PollAt(0, 5);    // rows 1..5 exist
        PollAt(4, 9);
        PollAt(9, 12);
        PollAt(10, 14);  // rows up to 5 have been there 10 s
        PollAt(13, 20);
        PollAt(19, 3);   // the writers deleted most rows since: the limit never moves back
        PollAt(40, 0);   // an empty table

        Assert.That(upTo, Is.EqualTo(new long[] { 0, 0, 0, 5, 5, 12, 20 }));
    }
}

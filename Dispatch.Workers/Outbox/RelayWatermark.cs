namespace Dispatch.Workers.Outbox;

/// <summary>
/// Which outbox rows are old enough for the relay: those with an id no higher than the table's highest id at a poll at least
/// <c>after</c> ago. Ages are measured by the clock's timestamps (elapsed time), not against the rows' created_at, a time of day: a
/// spec that sets its clock days ahead must not make every row look abandoned, nor must a server whose clock jumps.
/// </summary>
public sealed class RelayWatermark(TimeProvider clock, TimeSpan after)
{
    private readonly Queue<(long At, long HighestId)> _seen = new();

    /// <summary>The relay may take rows with ids up to this (0: none yet).</summary>
    public long UpTo { get; private set; }

    /// <summary>Notes the highest id in the table now.</summary>
    public void Saw(long highestId)
    {
        _seen.Enqueue((clock.GetTimestamp(), highestId));
        while (_seen.TryPeek(out var oldest) && clock.GetElapsedTime(oldest.At) >= after)
        {
            UpTo = Math.Max(UpTo, _seen.Dequeue().HighestId);
        }
    }
}

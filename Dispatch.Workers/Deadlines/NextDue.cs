namespace Dispatch.Workers.Deadlines;

/// <summary>Where a case's next deadline (cases.next_due_at, the inbox's order) comes from after a change of its clocks.</summary>
public abstract record NextDue
{
    private NextDue()
    {
    }

    /// <summary>The clocks did not change: the case keeps its next deadline.</summary>
    public static NextDue Unchanged { get; } = new UnchangedDue();

    /// <summary>
    /// The earliest deadline of the clocks that run after the change (null: none runs), counted from the clocks the change read: it
    /// travels in the case's own update, so the case row gets one new version, not two, and the case is answered as stored.
    /// </summary>
    public sealed record Known(DateTimeOffset? At) : NextDue;

    private sealed record UnchangedDue : NextDue;
}

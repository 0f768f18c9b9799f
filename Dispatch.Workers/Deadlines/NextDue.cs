namespace Dispatch.Workers.Deadlines;

/// <summary>Where a case's next deadline (cases.next_due_at, the inbox's order) comes from after a change of its clocks.</summary>
public abstract record NextDue
{
    private NextDue()
    {
    }

    /// <summary>The clocks did not change: the case keeps its next deadline.</summary>
    public static NextDue Unchanged { get; } = new UnchangedDue();

    /// <summary>The earliest deadline of the case's running clocks, counted by the database once the clock writes are in.</summary>
    public static NextDue FromRunningClocks { get; } = new FromRunning();

    /// <summary>
    /// Known without the database, because every clock was started afresh or stopped (null: none runs): it travels in the case's
    /// own update, so the case row gets one new version, not two.
    /// </summary>
    public sealed record Known(DateTimeOffset? At) : NextDue;

    private sealed record UnchangedDue : NextDue;

    private sealed record FromRunning : NextDue;
}

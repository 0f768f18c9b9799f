namespace Dispatch.Workers.Deadlines;

/// <summary>One thing a change does to a case's clocks or their alarms, in the order it is written (see <see cref="ClockChange"/>).</summary>
public abstract record ClockWrite
{
    private ClockWrite()
    {
    }

    /// <summary>
    /// Stops a running or paused clock, keeping the working time it ran (pauses excluded): what the reports average. A sign-off or a
    /// reply also keeps it on the case (<paramref name="KeptOnCase"/>): the last round's time to sign-off or to reply.
    /// </summary>
    public sealed record Stop(string Kind, long WorkedSeconds, bool KeptOnCase, DateTimeOffset At) : ClockWrite;

    /// <summary>Drops the alarms not yet fired of one clock, or of every clock (<paramref name="Kind"/> null).</summary>
    public sealed record DropPendingAlarms(string? Kind) : ClockWrite;

    /// <summary>Starts clocks anew, each as the next generation after its previous clock of that kind, each with its first alarm.</summary>
    public sealed record Start(IReadOnlyList<ClockStart> Clocks) : ClockWrite;

    /// <summary>The clock stops running while the center waits on the caller; its deadline is moved when it resumes.</summary>
    public sealed record Pause(string Kind, DateTimeOffset At) : ClockWrite;

    /// <summary>
    /// Moves a clock's deadline as its next generation, running (again), with the working time it spent paused until now added to
    /// its pauses.
    /// </summary>
    public sealed record Move(string Kind, DateTimeOffset DueAt, int Generation, long PausedSeconds) : ClockWrite;

    /// <summary>The pending alarms of a clock's generation after its deadline moved (its next one only; none when all are past).</summary>
    public sealed record PlanAlarms(string Kind, int Generation, IReadOnlyList<Alarm> Alarms) : ClockWrite;

    /// <summary>The clock ran out (the sweeper); it keeps running until the case moves on.</summary>
    public sealed record MarkOverdue(string Kind, DateTimeOffset At) : ClockWrite;
}

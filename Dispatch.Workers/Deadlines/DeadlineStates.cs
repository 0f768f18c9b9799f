namespace Dispatch.Workers.Deadlines;

/// <summary>
/// A case's deadline as a traffic light, for lists: <see cref="Overdue"/> once its nearest running deadline has passed,
/// <see cref="Warned"/> once a warning threshold of a running clock has fired (the sweeper's deadline-warning), <see cref="OnTime"/>
/// while a clock runs short of both, and none while no clock runs (filed, paused, resolved, closed). Overdue is what the reports
/// count as overdue now (<c>next_due_at &lt; now</c>). Pure.
/// </summary>
public static class DeadlineStates
{
    public const string OnTime = "on-time";
    public const string Warned = "warned";
    public const string Overdue = "overdue";

    public static IReadOnlyList<string> All { get; } = [OnTime, Warned, Overdue];

    /// <param name="nextDueAt">The nearest deadline of the case's running clocks (cases.next_due_at); null when none runs.</param>
    /// <param name="warningFired">Whether a warning alarm of a running clock's current run has fired.</param>
    public static string? Of(DateTimeOffset? nextDueAt, bool warningFired, DateTimeOffset now) =>
        nextDueAt is not { } due ? null
        : due < now ? Overdue
        : warningFired ? Warned
        : OnTime;
}

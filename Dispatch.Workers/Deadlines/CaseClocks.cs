namespace Dispatch.Workers.Deadlines;

/// <summary>
/// What a change may need to know of a case's clocks: the rules they run by, the clocks as the unit of work read them, and for a
/// deadline that moves (an approved extension, a resume) the policy its clock started under and the alarms that clock already
/// fired. A unit of work reads no more than the change needs (<see cref="CaseClockStore.ReadForAsync"/>); deciding a change that
/// needs what was not read is a mistake of the caller's, and throws.
/// </summary>
public sealed class CaseClocks
{
    private readonly DeadlineRules? _rules;
    private readonly IReadOnlyList<CaseClock>? _clocks;
    private readonly MovedClockFacts? _moved;

    private CaseClocks(DeadlineRules? rules, IReadOnlyList<CaseClock>? clocks, MovedClockFacts? moved) =>
        (_rules, _clocks, _moved) = (rules, clocks, moved);

    /// <summary>Neither rules nor clocks: for a change that leaves the clocks alone whatever the case (the retention policy's).</summary>
    public static CaseClocks Untouched { get; } = new(null, null, null);

    /// <summary>The rules only: the change reads no clock (a note, an urge, a rejected return no policy times, ...).</summary>
    public static CaseClocks Unread(DeadlineRules rules) => new(rules ?? throw new ArgumentNullException(nameof(rules)), null, null);

    /// <summary>The case's clocks as read in this unit of work (none: the case has none).</summary>
    public static CaseClocks Read(DeadlineRules rules, IReadOnlyList<CaseClock> clocks) =>
        new(rules ?? throw new ArgumentNullException(nameof(rules)), clocks ?? throw new ArgumentNullException(nameof(clocks)), null);

    /// <summary>
    /// The case's clocks, and for the clock whose deadline the change moves, the policy at the version it started under (null: gone)
    /// and the alarms it fired since it started (kind and percent).
    /// </summary>
    public static CaseClocks ReadForMove(DeadlineRules rules, IReadOnlyList<CaseClock> clocks, SlaPolicy? policy,
        IReadOnlySet<(string Kind, int Percent)> fired) =>
        new(rules ?? throw new ArgumentNullException(nameof(rules)), clocks ?? throw new ArgumentNullException(nameof(clocks)),
            new MovedClockFacts(policy, fired ?? throw new ArgumentNullException(nameof(fired))));

    public DeadlineRules Rules => _rules ?? throw new InvalidOperationException("This change needs the deadline rules; the unit of work passed none.");

    public IReadOnlyList<CaseClock> Clocks =>
        _clocks ?? throw new InvalidOperationException("This change needs the case's clocks; the unit of work did not read them.");

    /// <summary>The policy the moved clock started under; null when it no longer exists.</summary>
    public SlaPolicy? MovedClockPolicy => Moved.Policy;

    /// <summary>The alarms the moved clock already fired since it started: they are not planned again.</summary>
    public IReadOnlySet<(string Kind, int Percent)> MovedClockFired => Moved.Fired;

    private MovedClockFacts Moved =>
        _moved ?? throw new InvalidOperationException("This change moves a clock's deadline; the unit of work did not read its policy and fired alarms.");

    private sealed record MovedClockFacts(SlaPolicy? Policy, IReadOnlySet<(string Kind, int Percent)> Fired);
}

namespace Dispatch.Workers.Reports;

/// <summary>
/// The SQL conditions every KPI count is made of, over a case row <c>c</c>, a return visit <c>v</c> or a return <c>r</c>.
/// <see cref="ReportQueries.Kpi"/> sums them and <see cref="ReportQueries.KpiCases"/> lists the cases that meet them: one text
/// for both, so a figure and the list behind it cannot drift apart.
/// </summary>
internal static class KpiPredicates
{
    public const string OpenStates = "('dispatched', 'signed')";

    public const string Received = "1 = 1";
    public const string Dispatched = "c.dispatched_at is not null";
    public const string Signed = "c.signed_at is not null";
    public const string SignedInTime = "c.signed_at is not null and c.signoff_overdue_at is null";
    public const string Responded = "c.dispatched_at is not null and (c.signed_at is not null or c.return_count > 0) and c.signoff_overdue_at is null";
    public const string Replied = "c.resolved_at is not null";
    public const string RepliedOnTime = "c.resolved_at is not null and c.reply_overdue_at is null";
    public const string OverdueUnreplied = $"c.resolved_at is null and c.reply_overdue_at is not null and c.status in {OpenStates}";
    public const string OverdueNow = $"c.status in {OpenStates} and c.next_due_at < @Now";
    public const string OverdueEver = "c.signoff_overdue_at is not null or c.reply_overdue_at is not null";
    public const string Returned = "c.return_count > 0";
    public const string Redispatched = "c.redispatch_count > 0";
    public const string Redone = "c.redo_count > 0";
    public const string RedoneAndReplied = "c.redo_count > 0 and c.resolved_at is not null";
    public const string ClosedDirectly = "c.close_outcome = 'direct'";

    /// <summary>Extension requests and approvals are counted per request (<see cref="KpiFigure.CountsEvents"/>).</summary>
    public const string ExtensionRequested = "c.extension_requests > 0";
    public const string ExtensionRequests = "c.extension_requests";
    public const string ExtensionApproved = "c.extension_approvals > 0";
    public const string ExtensionApprovals = "c.extension_approvals";

    public const string VisitReached = "v.reached = @True";
    public const string VisitJudged = "v.resolved is not null";
    public const string VisitResolved = "v.resolved = @True";
    public const string VisitRated = "v.satisfaction is not null";
    public const string VisitSatisfied = "v.satisfaction in (@Satisfied, @Basically)";

    /// <summary>A return by a department the case does not lie with now: it still counts among the cases dispatched to it.</summary>
    public const string ReturnedAway = "coalesce(c.lead_department_code, '') <> r.department_code";

    /// <summary>
    /// A return before the round's sign-off deadline that is the department's response, unless the case lies with it again and was
    /// signed for in time (then the sign-off is its response, counted once).
    /// </summary>
    public const string ReturnedInTime = "r.in_time = @True and not (coalesce(c.lead_department_code, '') = r.department_code " +
                                         "and c.signed_at is not null and c.signoff_overdue_at is null)";
}

/// <summary>What one part (numerator or denominator) of a figure counts.</summary>
/// <param name="Cases">The condition on a case row <c>c</c>, over every department (the total, or a grouping other than the department).</param>
/// <param name="Visit">For a figure over return visits: the condition on a visit <c>v</c>; the case qualifies with at least one.</param>
/// <param name="Events">For a figure that counts events on the case row: the expression giving how many a case has.</param>
/// <param name="ByDepartment">How it is attributed to a department where it differs from "the department leading the case now".</param>
internal sealed record KpiPart(string Cases, string? Visit = null, string? Events = null, DepartmentAttribution ByDepartment = DepartmentAttribution.Lead);

/// <summary>How a figure is attributed to a department (see docs/reports.md: returns count against the department that made them).</summary>
internal enum DepartmentAttribution
{
    /// <summary>The department leading the case now.</summary>
    Lead,

    /// <summary>Led now and dispatched, or returned by the department and now elsewhere.</summary>
    Dispatched,

    /// <summary>Returned by the department at least once.</summary>
    Returned,

    /// <summary>Led now and signed for in time, or returned by the department in time.</summary>
    Responded,
}

/// <summary>A figure of the KPI report, its kind and what its parts count.</summary>
internal sealed record KpiFigure(string Key, string Kind, KpiPart Numerator, KpiPart? Denominator)
{
    public const string Count = "count";
    public const string Rate = "rate";
    public const string WorkingTime = "workingTime";

    /// <summary>The numerator counts events (extension requests, return visits) rather than cases.</summary>
    public bool CountsEvents(string part) => (part == KpiParts.Denominator ? Denominator : Numerator) is { } p && (p.Visit ?? p.Events) is not null;
}

public static class KpiParts
{
    public const string Numerator = "numerator";
    public const string Denominator = "denominator";

    public static IReadOnlyList<string> All { get; } = [Numerator, Denominator];
}

/// <summary>Every figure of <see cref="KpiDefinitions"/>, keyed alike, with the conditions of its parts.</summary>
public static class KpiFigures
{
    private static readonly KpiPart DispatchedPart = new(KpiPredicates.Dispatched, ByDepartment: DepartmentAttribution.Dispatched);
    private static readonly KpiPart SignedPart = new(KpiPredicates.Signed);
    private static readonly KpiPart RepliedPart = new(KpiPredicates.Replied);
    private static readonly KpiPart ExtensionRequestsPart = new(KpiPredicates.ExtensionRequested, Events: KpiPredicates.ExtensionRequests);
    private static readonly KpiPart ExtensionApprovalsPart = new(KpiPredicates.ExtensionApproved, Events: KpiPredicates.ExtensionApprovals);
    private static readonly KpiPart ReturnedPart = new(KpiPredicates.Returned, ByDepartment: DepartmentAttribution.Returned);
    private static readonly KpiPart RedonePart = new(KpiPredicates.Redone);
    private static readonly KpiPart ClosedDirectlyPart = new(KpiPredicates.ClosedDirectly);
    private static readonly KpiPart ReceivedPart = new(KpiPredicates.Received);

    internal static IReadOnlyList<KpiFigure> All { get; } =
    [
        new("received", KpiFigure.Count, ReceivedPart, null),
        new("dispatched", KpiFigure.Count, DispatchedPart, null),
        new("signed", KpiFigure.Count, SignedPart, null),
        new("replied", KpiFigure.Count, RepliedPart, null),
        new("overdueNow", KpiFigure.Count, new(KpiPredicates.OverdueNow), null),
        new("overdueEver", KpiFigure.Count, new(KpiPredicates.OverdueEver), null),
        new("returned", KpiFigure.Count, ReturnedPart, null),
        new("redispatched", KpiFigure.Count, new(KpiPredicates.Redispatched), null),
        new("redone", KpiFigure.Count, RedonePart, null),
        new("extensionRequests", KpiFigure.Count, ExtensionRequestsPart, null),
        new("extensionApprovals", KpiFigure.Count, ExtensionApprovalsPart, null),
        new("visitsReached", KpiFigure.Count, new(Received, Visit: KpiPredicates.VisitReached), null),
        new("closedDirectly", KpiFigure.Count, ClosedDirectlyPart, null),
        new("timelySignOff", KpiFigure.Rate, new(KpiPredicates.SignedInTime), DispatchedPart),
        // Replied and overdue-unreplied exclude each other (resolved_at set or not), so the sum is the cases meeting either.
        new("onTimeReply", KpiFigure.Rate, new(KpiPredicates.RepliedOnTime), new($"({KpiPredicates.Replied}) or ({KpiPredicates.OverdueUnreplied})")),
        new("return", KpiFigure.Rate, ReturnedPart, DispatchedPart),
        // Replied + redone - redone and replied: the cases meeting either.
        new("redo", KpiFigure.Rate, RedonePart, new($"({KpiPredicates.Replied}) or ({KpiPredicates.Redone})")),
        new("extensionApproval", KpiFigure.Rate, ExtensionApprovalsPart, ExtensionRequestsPart),
        new("response", KpiFigure.Rate, new(KpiPredicates.Responded, ByDepartment: DepartmentAttribution.Responded), DispatchedPart),
        new("resolution", KpiFigure.Rate, new(Received, Visit: KpiPredicates.VisitResolved), new(Received, Visit: KpiPredicates.VisitJudged)),
        new("satisfaction", KpiFigure.Rate, new(Received, Visit: KpiPredicates.VisitSatisfied), new(Received, Visit: KpiPredicates.VisitRated)),
        new("directResolution", KpiFigure.Rate, ClosedDirectlyPart, ReceivedPart),
        // A working time is taken over the cases signed for (replied to) in their current round: both parts list them.
        new("signOffAverage", KpiFigure.WorkingTime, SignedPart, SignedPart),
        new("signOffP90", KpiFigure.WorkingTime, SignedPart, SignedPart),
        new("replyAverage", KpiFigure.WorkingTime, RepliedPart, RepliedPart),
        new("replyP90", KpiFigure.WorkingTime, RepliedPart, RepliedPart),
    ];

    private const string Received = KpiPredicates.Received;

    internal static KpiFigure? Find(string key) => All.FirstOrDefault(f => f.Key == key);

    /// <summary>The figure keys a list of cases can be asked for: every key of <see cref="KpiDefinitions"/>.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. All.Select(f => f.Key)];

    /// <summary>count, rate or workingTime; null for a key that is not a figure.</summary>
    public static string? KindOf(string key) => Find(key)?.Kind;
}

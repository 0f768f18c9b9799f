namespace Dispatch.Workers.Reports;

/// <summary>What a KPI report can be grouped by (one or two of them).</summary>
public static class ReportDimensions
{
    public const string Department = "department";
    public const string Street = "street";
    public const string Category = "category";
    public const string RequestType = "requestType";
    public const string Channel = "channel";

    /// <summary>The local date of filing, yyyy-MM-dd: the daily series.</summary>
    public const string Day = "day";

    public static IReadOnlyList<string> All { get; } = [Department, Street, Category, RequestType, Channel, Day];
}

/// <summary>
/// A reporting period: local dates <see cref="From"/> to <see cref="To"/> inclusive in the center's time zone,
/// and the UTC instants they span. A case belongs to the period in which it was filed (受理时间).
/// </summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To, string TimeZone, DateTimeOffset Start, DateTimeOffset End)
{
    public static ReportPeriod Of(DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new ReportPeriod(from, to, zone.Id, StartOf(from, zone), StartOf(to.AddDays(1), zone));
    }

    public static ReportPeriod Month(int year, int month, TimeZoneInfo zone)
    {
        var first = new DateOnly(year, month, 1);
        return Of(first, first.AddMonths(1).AddDays(-1), zone);
    }

    /// <summary>The period of the same length just before this one: what growth is measured against.</summary>
    public ReportPeriod Previous(TimeZoneInfo zone)
    {
        var days = To.DayNumber - From.DayNumber + 1;
        return Of(From.AddDays(-days), From.AddDays(-1), zone);
    }

    private static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>The raw counts of one group of cases; every rate of <see cref="KpiRow"/> is computed from these.</summary>
public sealed class KpiCounts
{
    public string? Key1 { get; set; }
    public string? Key2 { get; set; }
    public long Received { get; set; }
    public long Dispatched { get; set; }
    public long Signed { get; set; }
    public long SignedInTime { get; set; }
    public long Responded { get; set; }
    public long Replied { get; set; }
    public long RepliedOnTime { get; set; }
    public long OverdueUnreplied { get; set; }
    public long OverdueNow { get; set; }
    public long OverdueEver { get; set; }
    public long Returned { get; set; }
    public long Redispatched { get; set; }
    public long Redone { get; set; }

    /// <summary>Cases reopened and replied to again: counted in both <see cref="Replied"/> and <see cref="Redone"/>.</summary>
    public long RedoneAndReplied { get; set; }
    public long ExtensionRequests { get; set; }
    public long ExtensionApprovals { get; set; }
    public long ClosedDirectly { get; set; }
    public double? SignOffAvgSeconds { get; set; }
    public double? SignOffP90Seconds { get; set; }
    public double? ReplyAvgSeconds { get; set; }
    public double? ReplyP90Seconds { get; set; }

    /// <summary>From the return visits of these cases.</summary>
    public long VisitsReached { get; set; }
    public long VisitsJudged { get; set; }
    public long VisitsResolved { get; set; }
    public long VisitsRated { get; set; }
    public long VisitsSatisfied { get; set; }
}

/// <summary>A rate with what it is made of, so a department can check its own numbers. Null when nothing was counted.</summary>
public sealed record Rate(long Numerator, long Denominator)
{
    /// <summary>
    /// Numerator over denominator to 4 decimal places, a half rounded away from zero (四舍五入: 1/32 = 0.03125 is 0.0313), computed in
    /// decimal so that a ratio that is exactly a half at the fifth place (3/20000 = 0.00015) rounds as written, not as its nearest
    /// double does. Math.Round's default would round a half to even (0.0312).
    /// </summary>
    public double? Value => Denominator == 0 ? null : (double)Math.Round((decimal)Numerator / Denominator, 4, MidpointRounding.AwayFromZero);
}

/// <summary>One row of the KPI report: the group, its counts, its rates and its working times.</summary>
public sealed record KpiRow(
    IReadOnlyDictionary<string, string?> Keys,
    IReadOnlyDictionary<string, string?> Labels,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyDictionary<string, Rate> Rates,
    IReadOnlyDictionary<string, double?> WorkingHours)
{
    public static KpiRow From(IReadOnlyDictionary<string, string?> keys, IReadOnlyDictionary<string, string?> labels, KpiCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new KpiRow(keys, labels,
            new Dictionary<string, long>
            {
                ["received"] = c.Received,
                ["dispatched"] = c.Dispatched,
                ["signed"] = c.Signed,
                ["replied"] = c.Replied,
                ["overdueNow"] = c.OverdueNow,
                ["overdueEver"] = c.OverdueEver,
                ["returned"] = c.Returned,
                ["redispatched"] = c.Redispatched,
                ["redone"] = c.Redone,
                ["extensionRequests"] = c.ExtensionRequests,
                ["extensionApprovals"] = c.ExtensionApprovals,
                ["visitsReached"] = c.VisitsReached,
                ["closedDirectly"] = c.ClosedDirectly,
            },
            new Dictionary<string, Rate>
            {
                ["timelySignOff"] = new(c.SignedInTime, c.Dispatched),
                ["onTimeReply"] = new(c.RepliedOnTime, c.Replied + c.OverdueUnreplied),
                ["return"] = new(c.Returned, c.Dispatched),
                ["redo"] = new(c.Redone, c.Replied + c.Redone - c.RedoneAndReplied),
                ["extensionApproval"] = new(c.ExtensionApprovals, c.ExtensionRequests),
                ["response"] = new(c.Responded, c.Dispatched),
                ["resolution"] = new(c.VisitsResolved, c.VisitsJudged),
                ["satisfaction"] = new(c.VisitsSatisfied, c.VisitsRated),
                ["directResolution"] = new(c.ClosedDirectly, c.Received),
            },
            new Dictionary<string, double?>
            {
                ["signOffAverage"] = Hours(c.SignOffAvgSeconds),
                ["signOffP90"] = Hours(c.SignOffP90Seconds),
                ["replyAverage"] = Hours(c.ReplyAvgSeconds),
                ["replyP90"] = Hours(c.ReplyP90Seconds),
            });
    }

    /// <summary>Hours to 2 decimal places, a half rounded away from zero, as the rates round.</summary>
    private static double? Hours(double? seconds) => seconds is { } s ? Math.Round(s / 3600, 2, MidpointRounding.AwayFromZero) : null;
}

/// <summary>What a figure means: served with every report and written in docs/reports.md, word for word.</summary>
public sealed record Definition(string Key, string Name, string Numerator, string? Denominator);

public static class KpiDefinitions
{
    public static IReadOnlyList<Definition> All { get; } =
    [
        new("received", "受理量 cases received", "Cases filed in the period (by 受理时间, the center's local dates). Every other figure counts these cases.", null),
        new("dispatched", "派单量 dispatched", "Received cases dispatched to the department: those it leads now, plus those it returned that now lie with another department.", null),
        new("signed", "签收量 signed",
            "Cases signed for (签收) in their current round. A round starts each time the case comes to a department: dispatched, re-dispatched, " +
            "forwarded to a sub-unit, or reopened after a return visit (重办); a return ends it. A case signed for in an earlier round only is not " +
            "counted; a rejected return counts as signed.", null),
        new("replied", "办结反馈量 replied",
            "Cases whose department has replied (办结反馈) in their current round: a case reopened after a return visit counts again only once replied again.",
            null),
        new("overdueNow", "当前超期 overdue now", "Open cases (dispatched or signed) whose nearest running deadline has passed, at the moment the report ran.", null),
        new("overdueEver", "曾超期 overdue ever", "Cases that went past a sign-off or a reply deadline at least once.", null),
        new("returned", "退单量 returned", "Cases the department returned to the center at least once (itself, or automatically when it breached the sign-off deadline), wherever they lie now.", null),
        new("redispatched", "改派量 re-dispatched",
            "Cases the center re-dispatched (改派) to a department other than the one that returned them, at least once; a re-dispatch back to " +
            "the same department is not counted. In the row of the department leading the case now.", null),
        new("redone", "重办量 redo", "Cases reopened after a return visit at least once.", null),
        new("extensionRequests", "延期申请 extension requests", "Extension requests made (a case may ask more than once).", null),
        new("extensionApprovals", "延期批准 extension approvals", "Extension requests the center approved.", null),
        new("visitsReached", "回访接通 return visits reached", "Return visits that reached the caller.", null),
        new("closedDirectly", "直办量 closed at the center",
            "Cases the agent answered on the call (直接办结): filed with a direct answer, or closed directly after filing. No department leads " +
            "them: by department they are in the center's row.", null),
        new("timelySignOff", "及时签收率 timely sign-off rate",
            "Dispatched cases signed for in their current round (as signed counts) whose sign-off deadline was never breached, in any round.",
            "Dispatched cases."),
        new("onTimeReply", "按时办结率 on-time reply rate",
            "Cases replied to in their current round (as replied counts) whose reply deadline was never breached, in any round.",
            "Cases whose reply is settled: replied to in their current round, plus open cases (dispatched or signed) not replied to in their " +
            "current round that are past a reply deadline."),
        new("return", "退单率 return rate", "Cases returned at least once.", "Dispatched cases."),
        new("redo", "重办率 redo rate", "Cases reopened after a return visit at least once.",
            "Cases replied to at least once, each counted once: replied to in their current round, or reopened (a reopening follows a reply)."),
        new("extensionApproval", "延期批准率 extension approval rate", "Extension requests approved.", "Extension requests made."),
        new("response", "响应率 response rate",
            "Dispatched cases the department responded to in time: signed for in their current round with the sign-off deadline never breached " +
            "(cases it leads now), or returned by it before that round's sign-off deadline (grouped by anything but the department: returned with " +
            "the sign-off deadline never breached). (The hotline records no separate caller-contact event; signing for or returning a case " +
            "is the department's response.)",
            "Dispatched cases."),
        new("resolution", "解决率 resolution rate", "Return visits that reached the caller and found the problem solved.",
            "Return visits that reached the caller and recorded whether it was solved."),
        new("satisfaction", "满意率 satisfaction rate", "Return visits rated satisfied or basically satisfied.", "Return visits with a rating."),
        new("directResolution", "直办率 direct-resolution rate", "Cases closed directly at the center (as closedDirectly counts).", "Cases received."),
        new("signOffAverage", "平均签收用时 average working time to sign-off (hours)",
            "Working hours on the department's calendar from dispatch to sign-off, over cases signed for in their current round (as signed counts).", null),
        new("signOffP90", "签收用时P90 90th percentile working time to sign-off (hours)", "As above; 90 % of signed cases took at most this.", null),
        new("replyAverage", "平均办理用时 average working time to reply (hours)",
            "Working hours from dispatch to reply, pauses for the caller excluded, over cases replied to in their current round (as replied counts).", null),
        new("replyP90", "办理用时P90 90th percentile working time to reply (hours)", "As above; 90 % of replied cases took at most this.", null),
    ];
}

/// <summary>A KPI report as served: the period, the grouping, the rows, the total over all rows, the definitions.</summary>
public sealed record KpiReport(
    ReportPeriod Period,
    IReadOnlyList<string> GroupBy,
    DateTimeOffset GeneratedAt,
    string? Scope,
    IReadOnlyList<KpiRow> Rows,
    KpiRow Total,
    IReadOnlyList<Definition> Definitions)
{
    /// <summary>The street the report is restricted to; null for the whole district.</summary>
    public string? Street { get; init; }
}

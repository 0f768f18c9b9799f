using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Reports;

/// <summary>
/// The SQL of the reports, built from what a request asks (grouping, level, scope) and the dialect, never from what the database
/// holds: so every text a report can send can be produced without a server, and the unit specs check each of them against SQL
/// Server's grammar and schema (<c>SqlServerStatementSpecs</c>). <see cref="ReportStore"/> runs them.
/// </summary>
internal static class ReportQueries
{
    private const string OpenStates = "('dispatched', 'signed')";

    private const string LiveList = "case when c.next_due_at < @Now then 'overdue' else 'soon' end";

    /// <summary>
    /// The KPI report's three reads; <paramref name="scoped"/>: restricted to the list parameter @Departments.
    /// <see cref="KpiSql.ByDepartment"/> is the position of the department among the keys (-1 when it is not one): only then are
    /// returns read.
    /// </summary>
    public static KpiSql Kpi(ISqlDialect dialect, IReadOnlyList<string> groupBy, int categoryLevel, bool scoped)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(groupBy);
        var key1 = KeyExpression(groupBy[0], categoryLevel);
        var key2 = groupBy.Count > 1 ? KeyExpression(groupBy[1], categoryLevel) : "cast(null as varchar(32))";
        // SQL Server refuses a constant in GROUP BY, so a one-level report groups by its one key only.
        var keys = groupBy.Count > 1 ? $"{key1}, {key2}" : key1;
        var scope = scoped ? $"and {dialect.InList("c.lead_department_code", "Departments")}" : "";
        var caseSql = $"""
            select {key1} as Key1, {key2} as Key2,
                   count(*) as Received,
                   sum(case when c.dispatched_at is not null then 1 else 0 end) as Dispatched,
                   sum(case when c.signed_at is not null then 1 else 0 end) as Signed,
                   sum(case when c.signed_at is not null and c.signoff_overdue_at is null then 1 else 0 end) as SignedInTime,
                   sum(case when c.dispatched_at is not null and (c.signed_at is not null or c.return_count > 0) and c.signoff_overdue_at is null
                            then 1 else 0 end) as Responded,
                   sum(case when c.resolved_at is not null then 1 else 0 end) as Replied,
                   sum(case when c.resolved_at is not null and c.reply_overdue_at is null then 1 else 0 end) as RepliedOnTime,
                   sum(case when c.resolved_at is null and c.reply_overdue_at is not null and c.status in {OpenStates} then 1 else 0 end) as OverdueUnreplied,
                   sum(case when c.status in {OpenStates} and c.next_due_at < @Now then 1 else 0 end) as OverdueNow,
                   sum(case when c.signoff_overdue_at is not null or c.reply_overdue_at is not null then 1 else 0 end) as OverdueEver,
                   sum(case when c.return_count > 0 then 1 else 0 end) as Returned,
                   sum(case when c.redispatch_count > 0 then 1 else 0 end) as Redispatched,
                   sum(case when c.redo_count > 0 then 1 else 0 end) as Redone,
                   sum(case when c.redo_count > 0 and c.resolved_at is not null then 1 else 0 end) as RedoneAndReplied,
                   sum(c.extension_requests) as ExtensionRequests,
                   sum(c.extension_approvals) as ExtensionApprovals,
                   sum(case when c.close_outcome = 'direct' then 1 else 0 end) as ClosedDirectly,
                   avg(case when c.signed_at is not null then cast(c.signoff_seconds as float) end) as SignOffAvgSeconds,
                   {dialect.Percentile90("case when c.signed_at is not null then c.signoff_seconds end")} as SignOffP90Seconds,
                   avg(case when c.resolved_at is not null then cast(c.reply_seconds as float) end) as ReplyAvgSeconds,
                   {dialect.Percentile90("case when c.resolved_at is not null then c.reply_seconds end")} as ReplyP90Seconds
            from cases c
            where c.filed_at >= @Start and c.filed_at < @End {scope}
            group by {keys}
            """;
        var visitSql = $"""
            select {key1} as Key1, {key2} as Key2,
                   sum(case when v.reached = @True then 1 else 0 end) as Reached,
                   sum(case when v.resolved is not null then 1 else 0 end) as Judged,
                   sum(case when v.resolved = @True then 1 else 0 end) as Resolved,
                   sum(case when v.satisfaction is not null then 1 else 0 end) as Rated,
                   sum(case when v.satisfaction in (@Satisfied, @Basically) then 1 else 0 end) as Satisfied
            from case_visits v join cases c on c.id = v.case_id
            where c.filed_at >= @Start and c.filed_at < @End {scope}
            group by {keys}
            """;
        // Returns count against the department that returned the case, not the one it went to next.
        var byDepartment = groupBy[0] == ReportDimensions.Department ? 0 : groupBy.Count > 1 && groupBy[1] == ReportDimensions.Department ? 1 : -1;
        var returnKey1 = byDepartment == 0 ? "r.department_code" : key1;
        var returnKey2 = byDepartment == 1 ? "r.department_code" : key2;
        var returnKeys = groupBy.Count > 1 ? $"{returnKey1}, {returnKey2}" : returnKey1;
        var returnScope = scoped ? $"and {dialect.InList("r.department_code", "Departments")}" : "";
        var returnSql = $"""
            select {returnKey1} as Key1, {returnKey2} as Key2,
                   count(distinct r.case_id) as ReturnedBy,
                   count(distinct case when coalesce(c.lead_department_code, '') <> r.department_code then r.case_id end) as ReturnedAway,
                   count(distinct case when r.in_time = @True and not (coalesce(c.lead_department_code, '') = r.department_code
                                            and c.signed_at is not null and c.signoff_overdue_at is null) then r.case_id end) as ReturnedInTime
            from case_returns r join cases c on c.id = r.case_id
            where c.filed_at >= @Start and c.filed_at < @End {returnScope}
            group by {returnKeys}
            """;
        return new KpiSql(caseSql, visitSql, returnSql, byDepartment);
    }

    /// <summary>
    /// The live view's three reads. "Soon" is on each case's own department calendar: the cutoff is chosen per row, among
    /// <paramref name="departmentCalendars"/> calendars other than the center's (list parameters @Calendar0, @Calendar1, ... with
    /// their cutoffs @Cutoff0, @Cutoff1, ...; every other department's is @CenterCutoff).
    /// </summary>
    public static LiveSql Live(ISqlDialect dialect, int departmentCalendars, bool scoped)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var scope = scoped ? $"and {dialect.InList("c.lead_department_code", "Departments")}" : "";
        var select = $"""
            select c.number as Number, c.title as Title, c.status as Status, c.lead_department_code as DepartmentCode,
                   c.handling_department_code as HandlingDepartmentCode, c.category_code as CategoryCode, c.urgency as Urgency,
                   c.next_due_at as DueAt, c.pending_extension_until as ExtensionUntil, c.updated_at as Since
            from cases c
            """;
        var cutoff = new System.Text.StringBuilder("case");
        for (var own = 0; own < departmentCalendars; own++)
        {
            cutoff.Append(System.Globalization.CultureInfo.InvariantCulture,
                $" when {dialect.InList("c.lead_department_code", $"Calendar{own}")} then @Cutoff{own}");
        }

        var cutoffSql = departmentCalendars == 0 ? "@CenterCutoff" : cutoff + " else @CenterCutoff end";
        // At most Take cases are read per department and list (window functions), so a city with thousands overdue reads counts,
        // not thousands of rows.
        var due = $"""
            select * from (
                select c.number as Number, c.title as Title, c.status as Status, c.lead_department_code as DepartmentCode,
                       c.handling_department_code as HandlingDepartmentCode, c.category_code as CategoryCode, c.urgency as Urgency,
                       c.next_due_at as DueAt, c.pending_extension_until as ExtensionUntil, c.updated_at as Since, {LiveList} as List,
                       row_number() over (partition by c.lead_department_code, {LiveList} order by c.next_due_at, c.id) as Position,
                       count(*) over (partition by c.lead_department_code, {LiveList}) as Total
                from cases c
                where c.next_due_at < @Latest and c.next_due_at < {cutoffSql} and c.status in {OpenStates} {scope}
            ) x
            where x.Position <= @Take
            order by x.DueAt, x.Number
            """;
        var returns = $"""
            {select} where c.status = 'returned' {scope} order by c.updated_at, c.id offset 0 rows fetch next @Take rows only
            """;
        var extensions = $"""
            {select} where c.pending_extension_until is not null {scope} order by c.updated_at, c.id offset 0 rows fetch next @Take rows only
            """;
        return new LiveSql(due, returns, extensions);
    }

    /// <summary>Counts by category × area, and by category across this period and the one before (the growth).</summary>
    public static HotspotSql Hotspots(ISqlDialect dialect, int categoryLevel, string areaLevel, bool scoped)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var category = KeyExpression(ReportDimensions.Category, categoryLevel);
        var area = areaLevel == AreaLevels.Community ? "c.community_code" : "c.street_code";
        var scope = scoped ? $"and {dialect.InList("c.lead_department_code", "Departments")}" : "";
        var cells = $"""
            select {category}, {area}, count(*) from cases c
            where c.filed_at >= @Start and c.filed_at < @End {scope}
            group by {category}, {area}
            """;
        var growth = $"""
            select {category},
                   sum(case when c.filed_at >= @Start then 1 else 0 end),
                   sum(case when c.filed_at < @PreviousEnd then 1 else 0 end)
            from cases c
            where c.filed_at >= @PreviousStart and c.filed_at < @End {scope}
            group by {category}
            """;
        return new HotspotSql(cells, growth);
    }

    /// <summary>The case list of a period (callers' names and phones are never exported).</summary>
    public static string CaseList(ISqlDialect dialect, bool scoped)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var scope = scoped ? $"and {dialect.InList("c.lead_department_code", "Departments")}" : "";
        return $"""
            select c.number as Number, c.filed_at as FiledAt, c.status as Status, c.request_type as RequestType,
                   c.category_code as CategoryCode, c.channel as Channel, c.urgency as Urgency, c.street_code as StreetCode,
                   c.community_code as CommunityCode, c.lead_department_code as DepartmentCode, c.title as Title,
                   c.dispatched_at as DispatchedAt, c.signed_at as SignedAt, c.resolved_at as RepliedAt, c.closed_at as ClosedAt,
                   c.close_outcome as CloseOutcome, c.signoff_overdue_at as SignOffOverdueAt, c.reply_overdue_at as ReplyOverdueAt,
                   c.return_count as Returns, c.redo_count as Redos
            from cases c
            where c.filed_at >= @Start and c.filed_at < @End and (@Status is null or c.status = @Status) {scope}
            order by c.filed_at, c.id
            """;
    }

    /// <summary>The SQL of a grouping key; categories are cut to a level (2 digits a level) and padded back to a catalogue code.</summary>
    private static string KeyExpression(string dimension, int categoryLevel) => dimension switch
    {
        ReportDimensions.Department => "c.lead_department_code",
        ReportDimensions.Street => "c.street_code",
        ReportDimensions.RequestType => "c.request_type",
        ReportDimensions.Channel => "c.channel",
        ReportDimensions.Category => categoryLevel >= 3 ? "c.category_code"
            : $"concat(substring(c.category_code, 1, {categoryLevel * 2}), '{new string('0', 6 - (categoryLevel * 2))}')",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Not a report dimension."),
    };
}

internal sealed record KpiSql(string Cases, string Visits, string Returns, int ByDepartment);

internal sealed record LiveSql(string Due, string Returns, string Extensions);

internal sealed record HotspotSql(string Cells, string Growth);

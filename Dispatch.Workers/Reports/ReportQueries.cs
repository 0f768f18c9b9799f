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
    private const string OpenStates = KpiPredicates.OpenStates;

    private const string LiveList = "case when c.next_due_at < @Now then 'overdue' else 'soon' end";

    /// <summary>
    /// The KPI report's three reads; <paramref name="scoped"/>: restricted to the list parameter @Departments;
    /// <paramref name="street"/>: to the street @Street. <see cref="KpiSql.ByDepartment"/> is the position of the department among
    /// the keys (-1 when it is not one): only then are returns read. Every count is a condition of <see cref="KpiPredicates"/>.
    /// </summary>
    public static KpiSql Kpi(ISqlDialect dialect, IReadOnlyList<string> groupBy, int categoryLevel, bool scoped, bool street = false)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(groupBy);
        var key1 = KeyExpression(dialect, groupBy[0], categoryLevel);
        var key2 = groupBy.Count > 1 ? KeyExpression(dialect, groupBy[1], categoryLevel) : "cast(null as varchar(32))";
        // SQL Server refuses a constant in GROUP BY, so a one-level report groups by its one key only.
        var keys = groupBy.Count > 1 ? $"{key1}, {key2}" : key1;
        var scope = Scope(dialect, scoped, street);
        var caseSql = $"""
            select {key1} as Key1, {key2} as Key2,
                   count(*) as Received,
                   {Sum(KpiPredicates.Dispatched)} as Dispatched,
                   {Sum(KpiPredicates.Signed)} as Signed,
                   {Sum(KpiPredicates.SignedInTime)} as SignedInTime,
                   {Sum(KpiPredicates.Responded)} as Responded,
                   {Sum(KpiPredicates.Replied)} as Replied,
                   {Sum(KpiPredicates.RepliedOnTime)} as RepliedOnTime,
                   {Sum(KpiPredicates.OverdueUnreplied)} as OverdueUnreplied,
                   {Sum(KpiPredicates.OverdueNow)} as OverdueNow,
                   {Sum(KpiPredicates.OverdueEver)} as OverdueEver,
                   {Sum(KpiPredicates.Returned)} as Returned,
                   {Sum(KpiPredicates.Redispatched)} as Redispatched,
                   {Sum(KpiPredicates.Redone)} as Redone,
                   {Sum(KpiPredicates.RedoneAndReplied)} as RedoneAndReplied,
                   sum({KpiPredicates.ExtensionRequests}) as ExtensionRequests,
                   sum({KpiPredicates.ExtensionApprovals}) as ExtensionApprovals,
                   {Sum(KpiPredicates.ClosedDirectly)} as ClosedDirectly,
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
                   {Sum(KpiPredicates.VisitReached)} as Reached,
                   {Sum(KpiPredicates.VisitJudged)} as Judged,
                   {Sum(KpiPredicates.VisitResolved)} as Resolved,
                   {Sum(KpiPredicates.VisitRated)} as Rated,
                   {Sum(KpiPredicates.VisitSatisfied)} as Satisfied
            from case_visits v join cases c on c.id = v.case_id
            where c.filed_at >= @Start and c.filed_at < @End {scope}
            group by {keys}
            """;
        // Returns count against the department that returned the case, not the one it went to next.
        var byDepartment = groupBy[0] == ReportDimensions.Department ? 0 : groupBy.Count > 1 && groupBy[1] == ReportDimensions.Department ? 1 : -1;
        var returnKey1 = byDepartment == 0 ? "r.department_code" : key1;
        var returnKey2 = byDepartment == 1 ? "r.department_code" : key2;
        var returnKeys = groupBy.Count > 1 ? $"{returnKey1}, {returnKey2}" : returnKey1;
        var returnScope = Scope(dialect, scoped, street, "r.department_code");
        var returnSql = $"""
            select {returnKey1} as Key1, {returnKey2} as Key2,
                   count(distinct r.case_id) as ReturnedBy,
                   count(distinct case when {KpiPredicates.ReturnedAway} then r.case_id end) as ReturnedAway,
                   count(distinct case when {KpiPredicates.ReturnedInTime} then r.case_id end) as ReturnedInTime
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
    public static LiveSql Live(ISqlDialect dialect, int departmentCalendars, bool scoped, bool street = false)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var scope = Scope(dialect, scoped, street);
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
    public static HotspotSql Hotspots(ISqlDialect dialect, int categoryLevel, string areaLevel, bool scoped, bool street = false)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var category = KeyExpression(dialect, ReportDimensions.Category, categoryLevel);
        var area = areaLevel == AreaLevels.Community ? "c.community_code" : "c.street_code";
        var scope = Scope(dialect, scoped, street);
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
    public static string CaseList(ISqlDialect dialect, bool scoped, bool street = false)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var scope = Scope(dialect, scoped, street);
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

    /// <summary>
    /// The cases behind one part of one KPI figure in one cell, from the same conditions the KPI report sums
    /// (<see cref="KpiPredicates"/>). <see cref="KpiCasesSql.Total"/> counts them, <see cref="KpiCasesSql.Page"/> reads @Take of them after
    /// the cursor (@AfterFiledAt, @AfterId) in filing order, <see cref="KpiCasesSql.Events"/> (for a part that counts events) counts
    /// the events as the report does. By department (<see cref="KpiCell.Department"/>) a figure is attributed as the report attributes
    /// it: returns to the department that made them.
    /// </summary>
    public static KpiCasesSql KpiCases(ISqlDialect dialect, KpiPart part, KpiCell cell)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(cell);
        var where = new System.Text.StringBuilder("c.filed_at >= @Start and c.filed_at < @End");
        where.Append(cell.Street ? " and c.street_code = @Street" : "")
            .Append(cell.ByStreet ? " and c.street_code = @ByStreet" : "")
            .Append(cell.ByCommunity ? " and c.community_code = @ByCommunity" : "")
            .Append(cell.ByCategory ? " and c.category_code like @ByCategory" : "")
            .Append(cell.ByRequestType ? " and c.request_type = @ByRequestType" : "")
            .Append(cell.ByChannel ? " and c.channel = @ByChannel" : "")
            .Append(cell.ByDay ? " and c.filed_at >= @DayStart and c.filed_at < @DayEnd" : "");
        var leadScope = cell.Scoped ? $" and {dialect.InList("c.lead_department_code", "Departments")}" : "";
        var returnScope = cell.Scoped ? $" and {dialect.InList("r.department_code", "Departments")}" : "";
        string ReturnedBy(string condition) =>
            $"exists (select 1 from case_returns r where r.case_id = c.id and r.department_code = @ByDepartment{returnScope} and {condition})";
        var visit = part.Visit is null ? "" : $" and exists (select 1 from case_visits v where v.case_id = c.id and {part.Visit})";
        string condition;
        if (cell.Department == KpiCellDepartment.None)
        {
            condition = $"({part.Cases}){leadScope}";
        }
        else
        {
            var lead = cell.Department == KpiCellDepartment.Center ? "c.lead_department_code is null" : "c.lead_department_code = @ByDepartment";
            // The center's row has no returns: no return is made by the center.
            var byReturns = cell.Department == KpiCellDepartment.Department;
            condition = part.ByDepartment switch
            {
                DepartmentAttribution.Dispatched when byReturns => $"({lead}{leadScope} and ({part.Cases})) or {ReturnedBy(KpiPredicates.ReturnedAway)}",
                DepartmentAttribution.Returned => byReturns ? ReturnedBy("1 = 1") : "1 = 0",
                DepartmentAttribution.Responded => byReturns
                    ? $"({lead}{leadScope} and ({KpiPredicates.SignedInTime})) or {ReturnedBy(KpiPredicates.ReturnedInTime)}"
                    : $"{lead}{leadScope} and ({KpiPredicates.SignedInTime})",
                _ => $"{lead}{leadScope} and ({part.Cases})",
            };
        }

        var filter = $"{where} and ({condition}){visit}";
        var total = $"select count(*) from cases c where {filter}";
        var page = $"""
            select c.id as Id, c.number as Number, c.title as Title, c.status as Status, c.urgency as Urgency, c.category_code as CategoryCode,
                   c.lead_department_code as DepartmentCode, c.street_code as StreetCode, c.filed_at as FiledAt, c.next_due_at as DueAt
            from cases c
            where {filter}{(cell.After ? " and (c.filed_at > @AfterFiledAt or (c.filed_at = @AfterFiledAt and c.id > @AfterId))" : "")}
            order by c.filed_at, c.id offset 0 rows fetch next @Take rows only
            """;
        var events = part.Visit is not null
            ? $"select count(*) from case_visits v join cases c on c.id = v.case_id where {where} and ({condition}) and {part.Visit}"
            : part.Events is not null ? $"select coalesce(sum({part.Events}), 0) from cases c where {filter}" : null;
        return new KpiCasesSql(total, page, events);
    }

    private static string Sum(string condition) => $"sum(case when {condition} then 1 else 0 end)";

    /// <summary>
    /// The scope of a report: cases led by a department in @Departments (<paramref name="departmentColumn"/>: the department a
    /// return counts against), in the street @Street.
    /// </summary>
    private static string Scope(ISqlDialect dialect, bool scoped, bool street, string departmentColumn = "c.lead_department_code") =>
        (scoped ? $"and {dialect.InList(departmentColumn, "Departments")}" : "") + (street ? " and c.street_code = @Street" : "");

    /// <summary>
    /// The SQL of a grouping key; categories are cut to a level (2 digits a level) and padded back to a catalogue code; a day is
    /// the local date of filing in @TimeZone.
    /// </summary>
    private static string KeyExpression(ISqlDialect dialect, string dimension, int categoryLevel) => dimension switch
    {
        ReportDimensions.Day => dialect.LocalDate("c.filed_at"),
        ReportDimensions.Department => "c.lead_department_code",
        ReportDimensions.Street => "c.street_code",
        ReportDimensions.RequestType => "c.request_type",
        ReportDimensions.Channel => "c.channel",
        ReportDimensions.Category => categoryLevel >= 3 ? "c.category_code"
            : $"concat(substring(c.category_code, 1, {categoryLevel * 2}), '{new string('0', 6 - (categoryLevel * 2))}')",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Not a report dimension."),
    };
}

/// <summary>Which department a KPI cell is: any (not grouped by department), the center's row (no department leads), or one.</summary>
internal enum KpiCellDepartment
{
    None,
    Center,
    Department,
}

/// <summary>The shape of a request for the cases behind a figure: which filters it has (the SQL differs, the parameters carry values).</summary>
internal sealed record KpiCell(KpiCellDepartment Department, bool Scoped, bool Street, bool ByStreet, bool ByCommunity, bool ByCategory,
    bool ByRequestType, bool ByChannel, bool ByDay, bool After);

internal sealed record KpiCasesSql(string Total, string Page, string? Events);

internal sealed record KpiSql(string Cases, string Visits, string Returns, int ByDepartment);

internal sealed record LiveSql(string Due, string Returns, string Extensions);

internal sealed record HotspotSql(string Cells, string Growth);

using System.Runtime.CompilerServices;
using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Reports;

/// <summary>
/// Supervisors' reports, read straight from the case table (whose counters move in the transaction of each
/// audited action) and the return visits. Each report is one or two grouped scans of the cases filed in
/// the period, by the filed_at index; nothing is held per case in memory except what a list shows.
/// </summary>
public sealed class ReportStore(Database database, CatalogueStore catalogues, DeadlineRulesStore deadlines, TimeProvider clock,
    IOptions<ReportOptions> options)
{
    private const string OpenStates = "('dispatched', 'signed')";

    /// <summary>
    /// The KPI report for <paramref name="period"/>, grouped by one or two <see cref="ReportDimensions"/>.
    /// <paramref name="departments"/> restricts it to cases led by those departments (a handler's own).
    /// </summary>
    public async Task<KpiReport> KpiAsync(ReportPeriod period, IReadOnlyList<string> groupBy, int categoryLevel,
        IReadOnlyList<string>? departments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(groupBy);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var dialect = database.Dialect;
        var key1 = KeyExpression(groupBy[0], categoryLevel);
        var key2 = groupBy.Count > 1 ? KeyExpression(groupBy[1], categoryLevel) : "cast(null as varchar(32))";
        // SQL Server refuses a constant in GROUP BY, so a one-level report groups by its one key only.
        var keys = groupBy.Count > 1 ? $"{key1}, {key2}" : key1;
        var scope = departments is null ? "" : $"and {dialect.InList("c.lead_department_code", "Departments")}";
        var now = clock.GetUtcNow();
        var parameters = new
        {
            period.Start, period.End, Now = now, Departments = departments?.ToArray(), True = true,
            Satisfied = Satisfactions.Satisfied, Basically = Satisfactions.BasicallySatisfied,
        };
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
                   sum(c.extension_requests) as ExtensionRequests,
                   sum(c.extension_approvals) as ExtensionApprovals,
                   sum(case when c.close_outcome = 'direct' then 1 else 0 end) as ClosedDirectly,
                   avg(cast(c.signoff_seconds as float)) as SignOffAvgSeconds,
                   {dialect.Percentile90("c.signoff_seconds")} as SignOffP90Seconds,
                   avg(cast(c.reply_seconds as float)) as ReplyAvgSeconds,
                   {dialect.Percentile90("c.reply_seconds")} as ReplyP90Seconds
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
        var returnScope = departments is null ? "" : $"and {dialect.InList("r.department_code", "Departments")}";
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
        var (counts, visits, returns) = await database.ReadAsync(async (connection, ct) =>
        {
            var counts = (await connection.QueryAsync<KpiCounts>(new CommandDefinition(caseSql, parameters, cancellationToken: ct))).ToList();
            var visits = (await connection.QueryAsync<VisitCounts>(new CommandDefinition(visitSql, parameters, cancellationToken: ct))).ToList();
            var returns = byDepartment < 0 ? [] : (await connection.QueryAsync<ReturnCounts>(new CommandDefinition(returnSql, parameters, cancellationToken: ct))).ToList();
            return (counts, visits, returns);
        }, cancellationToken);

        var byKey = visits.ToDictionary(v => (v.Key1, v.Key2));
        foreach (var row in counts)
        {
            if (byKey.TryGetValue((row.Key1, row.Key2), out var v))
            {
                (row.VisitsReached, row.VisitsJudged, row.VisitsResolved, row.VisitsRated, row.VisitsSatisfied) =
                    (v.Reached, v.Judged, v.Resolved, v.Rated, v.Satisfied);
            }
        }

        // The total counts each case once, so it is taken before returns are attributed to the departments that made them.
        var total = KpiRow.From(new Dictionary<string, string?>(), new Dictionary<string, string?>(), Sum(counts));
        if (byDepartment >= 0)
        {
            var byKeys = counts.ToDictionary(c => (c.Key1, c.Key2));
            foreach (var row in counts)
            {
                // The counters say whether the case was ever returned; by department, case_returns says by whom.
                (row.Returned, row.Responded) = (0, row.SignedInTime);
            }

            foreach (var r in returns)
            {
                if (!byKeys.TryGetValue((r.Key1, r.Key2), out var row))
                {
                    row = new KpiCounts { Key1 = r.Key1, Key2 = r.Key2 };
                    byKeys.Add((r.Key1, r.Key2), row);
                    counts.Add(row);
                }

                row.Returned = r.ReturnedBy;
                row.Dispatched += r.ReturnedAway;
                row.Responded += r.ReturnedInTime;
            }
        }

        var rows = counts
            .OrderBy(r => r.Key1 ?? "\uffff", StringComparer.Ordinal).ThenBy(r => r.Key2 ?? "\uffff", StringComparer.Ordinal)
            .Select(r => KpiRow.From(Keys(groupBy, r.Key1, r.Key2), Labels(groupBy, r.Key1, r.Key2, catalogue), r))
            .ToList();
        return new KpiReport(period, groupBy, now, departments is null ? null : string.Join(",", departments), rows, total, KpiDefinitions.All);
    }

    /// <summary>
    /// The monthly ranking of departments on the weighted score of 响应率, 解决率 and 满意率. A department with fewer
    /// than <see cref="ReportOptions.RankingMinimumCases"/> dispatched cases, or without visits to judge it by, is
    /// listed with its figures but not ranked.
    /// </summary>
    public async Task<Ranking> RankingAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var report = await KpiAsync(period, [ReportDimensions.Department], 1, null, cancellationToken);
        var o = options.Value;
        var entries = report.Rows.Where(r => r.Keys[ReportDimensions.Department] is not null).Select(r =>
        {
            var (response, resolution, satisfaction) = (r.Rates["response"], r.Rates["resolution"], r.Rates["satisfaction"]);
            var dispatched = r.Counts["dispatched"];
            string? unranked = dispatched < o.RankingMinimumCases
                ? $"{dispatched} dispatched cases; at least {o.RankingMinimumCases} are needed to be ranked"
                : response.Value is null || resolution.Value is null || satisfaction.Value is null
                    ? "no return visit has judged or rated its cases yet"
                    : null;
            double? score = unranked is null
                ? Math.Round(100 * (o.ResponseWeight * response.Value!.Value + o.ResolutionWeight * resolution.Value!.Value
                    + o.SatisfactionWeight * satisfaction.Value!.Value), 2)
                : null;
            return new RankingEntry(0, r.Keys[ReportDimensions.Department]!, r.Labels[ReportDimensions.Department], dispatched,
                response, resolution, satisfaction, score, unranked);
        }).ToList();

        var rank = 0;
        var ranked = entries.Where(e => e.Score is not null).OrderByDescending(e => e.Score).ThenByDescending(e => e.Dispatched)
            .ThenBy(e => e.Department, StringComparer.Ordinal).Select(e => e with { Rank = ++rank }).ToList();
        var listed = entries.Where(e => e.Score is null).OrderBy(e => e.Department, StringComparer.Ordinal);
        return new Ranking(period, report.GeneratedAt,
            new RankingWeights(o.ResponseWeight, o.ResolutionWeight, o.SatisfactionWeight, o.RankingMinimumCases),
            [.. ranked, .. listed], KpiDefinitions.All.Where(d => d.Key is "response" or "resolution" or "satisfaction").ToList());
    }

    /// <summary>
    /// What needs attention now: overdue cases, cases that breach within <paramref name="withinWorkingHours"/> working
    /// hours of their department's calendar, returns waiting for the center's review, extension requests waiting.
    /// </summary>
    public async Task<LiveView> LiveAsync(double withinWorkingHours, IReadOnlyList<string>? departments, CancellationToken cancellationToken)
    {
        var rules = await deadlines.GetAsync(cancellationToken);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var horizon = TimeSpan.FromHours(withinWorkingHours);
        var cutoffs = rules.Calendars.ToDictionary(c => c.Key, c => c.Value.AddWorkingTime(now, horizon));
        var latest = cutoffs.Values.Max();
        var limit = options.Value.LiveListLimit;
        var scope = departments is null ? "" : $"and {database.Dialect.InList("c.lead_department_code", "Departments")}";
        var select = $"""
            select c.number as Number, c.title as Title, c.status as Status, c.lead_department_code as DepartmentCode,
                   c.handling_department_code as HandlingDepartmentCode, c.category_code as CategoryCode, c.urgency as Urgency,
                   c.next_due_at as DueAt, c.pending_extension_until as ExtensionUntil, c.updated_at as Since
            from cases c
            """;
        // "Soon" is on each case's own department calendar: the cutoff is chosen per row, and at most Take cases are read
        // per department and list (window functions), so a city with thousands overdue reads counts, not thousands of rows.
        var parameters = new DynamicParameters(new { Now = now, Latest = latest, Take = limit, Departments = departments?.ToArray(),
            CenterCutoff = cutoffs[rules.CenterCalendarCode] });
        var cutoff = new System.Text.StringBuilder("case");
        var own = 0;
        foreach (var calendar in rules.DepartmentCalendars.GroupBy(d => d.Value).Where(g => g.Key != rules.CenterCalendarCode && cutoffs.ContainsKey(g.Key)))
        {
            parameters.Add($"Calendar{own}", calendar.Select(d => d.Key).ToArray());
            parameters.Add($"Cutoff{own}", cutoffs[calendar.Key]);
            cutoff.Append(System.Globalization.CultureInfo.InvariantCulture,
                $" when {database.Dialect.InList("c.lead_department_code", $"Calendar{own}")} then @Cutoff{own}");
            own++;
        }

        var cutoffSql = own == 0 ? "@CenterCutoff" : cutoff + " else @CenterCutoff end";
        const string List = "case when c.next_due_at < @Now then 'overdue' else 'soon' end";
        var (due, returns, extensions) = await database.ReadAsync(async (connection, ct) =>
        {
            var due = (await connection.QueryAsync<LiveCase>(new CommandDefinition($"""
                select * from (
                    select c.number as Number, c.title as Title, c.status as Status, c.lead_department_code as DepartmentCode,
                           c.handling_department_code as HandlingDepartmentCode, c.category_code as CategoryCode, c.urgency as Urgency,
                           c.next_due_at as DueAt, c.pending_extension_until as ExtensionUntil, c.updated_at as Since, {List} as List,
                           row_number() over (partition by c.lead_department_code, {List} order by c.next_due_at, c.id) as Position,
                           count(*) over (partition by c.lead_department_code, {List}) as Total
                    from cases c
                    where c.next_due_at < @Latest and c.next_due_at < {cutoffSql} and c.status in {OpenStates} {scope}
                ) x
                where x.Position <= @Take
                order by x.DueAt, x.Number
                """, parameters, cancellationToken: ct))).ToList();
            var returns = (await connection.QueryAsync<LiveCase>(new CommandDefinition($"""
                {select} where c.status = 'returned' {scope} order by c.updated_at, c.id offset 0 rows fetch next @Take rows only
                """, parameters, cancellationToken: ct))).ToList();
            var extensions = (await connection.QueryAsync<LiveCase>(new CommandDefinition($"""
                {select} where c.pending_extension_until is not null {scope} order by c.updated_at, c.id offset 0 rows fetch next @Take rows only
                """, parameters, cancellationToken: ct))).ToList();
            return (due, returns, extensions);
        }, cancellationToken);

        return new LiveView(now, withinWorkingHours, PerDepartment([.. due.Where(c => c.List == "overdue")], catalogue),
            PerDepartment([.. due.Where(c => c.List == "soon")], catalogue), [.. returns], [.. extensions]);
    }

    /// <summary>Counts by category × area for the period, and the categories that grew most against the period before.</summary>
    public async Task<Hotspots> HotspotsAsync(ReportPeriod period, ReportPeriod previous, int categoryLevel, string areaLevel,
        IReadOnlyList<string>? departments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(previous);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var category = KeyExpression(ReportDimensions.Category, categoryLevel);
        var area = areaLevel == AreaLevels.Community ? "c.community_code" : "c.street_code";
        var scope = departments is null ? "" : $"and {database.Dialect.InList("c.lead_department_code", "Departments")}";
        var parameters = new
        {
            period.Start, period.End, PreviousStart = previous.Start, PreviousEnd = previous.End,
            Departments = departments?.ToArray(),
        };
        var (cells, growth) = await database.ReadAsync(async (connection, ct) =>
        {
            var cells = (await connection.QueryAsync<(string Category, string? Area, long Count)>(new CommandDefinition($"""
                select {category}, {area}, count(*) from cases c
                where c.filed_at >= @Start and c.filed_at < @End {scope}
                group by {category}, {area}
                """, parameters, cancellationToken: ct))).ToList();
            var growth = (await connection.QueryAsync<(string Category, long Current, long Previous)>(new CommandDefinition($"""
                select {category},
                       sum(case when c.filed_at >= @Start then 1 else 0 end),
                       sum(case when c.filed_at < @PreviousEnd then 1 else 0 end)
                from cases c
                where c.filed_at >= @PreviousStart and c.filed_at < @End {scope}
                group by {category}
                """, parameters, cancellationToken: ct))).ToList();
            return (cells, growth);
        }, cancellationToken);

        string? Name(string? code) => code is null ? null
            : catalogue.Categories.TryGetValue(code, out var c) ? c.Name
            : catalogue.Areas.TryGetValue(code, out var a) ? a.Name : null;
        return new Hotspots(period, previous, categoryLevel, areaLevel,
            [.. cells.OrderByDescending(c => c.Count).ThenBy(c => c.Category, StringComparer.Ordinal).ThenBy(c => c.Area, StringComparer.Ordinal)
                .Select(c => new HotspotCell(c.Category, Name(c.Category), c.Area, Name(c.Area), c.Count))],
            [.. growth.Select(g => new CategoryGrowth(g.Category, Name(g.Category), g.Current, g.Previous, g.Current - g.Previous,
                    g.Previous == 0 ? null : Math.Round((double)(g.Current - g.Previous) / g.Previous, 4)))
                .Where(g => g.Increase > 0)
                .OrderByDescending(g => g.Increase).ThenByDescending(g => g.Growth ?? double.MaxValue).ThenBy(g => g.Category, StringComparer.Ordinal)
                .Take(options.Value.HotspotGrowthTop)]);
    }

    /// <summary>
    /// The case list of a period, one row at a time from an unbuffered reader: an export of any size holds one
    /// row in memory. Callers' names and phones are never exported.
    /// </summary>
    public async IAsyncEnumerable<CaseListRow> CaseListAsync(ReportPeriod period, string? status, IReadOnlyList<string>? departments,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var scope = departments is null ? "" : $"and {database.Dialect.InList("c.lead_department_code", "Departments")}";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<CaseListRow>($"""
            select c.number as Number, c.filed_at as FiledAt, c.status as Status, c.request_type as RequestType,
                   c.category_code as CategoryCode, c.channel as Channel, c.urgency as Urgency, c.street_code as StreetCode,
                   c.community_code as CommunityCode, c.lead_department_code as DepartmentCode, c.title as Title,
                   c.dispatched_at as DispatchedAt, c.signed_at as SignedAt, c.resolved_at as RepliedAt, c.closed_at as ClosedAt,
                   c.close_outcome as CloseOutcome, c.signoff_overdue_at as SignOffOverdueAt, c.reply_overdue_at as ReplyOverdueAt,
                   c.return_count as Returns, c.redo_count as Redos
            from cases c
            where c.filed_at >= @Start and c.filed_at < @End and (@Status is null or c.status = @Status) {scope}
            order by c.filed_at, c.id
            """, new { period.Start, period.End, Status = status, Departments = departments?.ToArray() });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    private static IReadOnlyList<DepartmentCases> PerDepartment(List<LiveCase> cases, Catalogue.Catalogue catalogue) =>
        [.. cases.GroupBy(c => c.DepartmentCode ?? "")
            .Select(g => new DepartmentCases(g.Key, catalogue.Departments.GetValueOrDefault(g.Key)?.Name, (int)g.First().Total, [.. g]))
            .OrderByDescending(d => d.Count).ThenBy(d => d.Department, StringComparer.Ordinal)];

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

    private static Dictionary<string, string?> Keys(IReadOnlyList<string> groupBy, string? key1, string? key2)
    {
        var keys = new Dictionary<string, string?> { [groupBy[0]] = key1 };
        if (groupBy.Count > 1)
        {
            keys[groupBy[1]] = key2;
        }

        return keys;
    }

    private static Dictionary<string, string?> Labels(IReadOnlyList<string> groupBy, string? key1, string? key2, Catalogue.Catalogue catalogue)
    {
        string? Label(string dimension, string? key) => key is null ? null : dimension switch
        {
            ReportDimensions.Department => catalogue.Departments.GetValueOrDefault(key)?.Name,
            ReportDimensions.Street => catalogue.Areas.GetValueOrDefault(key)?.Name,
            ReportDimensions.Category => catalogue.Categories.GetValueOrDefault(key)?.Name,
            _ => key,
        };
        var labels = new Dictionary<string, string?> { [groupBy[0]] = Label(groupBy[0], key1) };
        if (groupBy.Count > 1)
        {
            labels[groupBy[1]] = Label(groupBy[1], key2);
        }

        return labels;
    }

    private static KpiCounts Sum(IReadOnlyList<KpiCounts> rows)
    {
        double? Weighted(Func<KpiCounts, double?> average, Func<KpiCounts, long> count)
        {
            var n = rows.Sum(count);
            return n == 0 ? null : rows.Sum(r => (average(r) ?? 0) * count(r)) / n;
        }

        return new KpiCounts
        {
            Received = rows.Sum(r => r.Received), Dispatched = rows.Sum(r => r.Dispatched), Signed = rows.Sum(r => r.Signed),
            SignedInTime = rows.Sum(r => r.SignedInTime), Responded = rows.Sum(r => r.Responded), Replied = rows.Sum(r => r.Replied),
            RepliedOnTime = rows.Sum(r => r.RepliedOnTime), OverdueUnreplied = rows.Sum(r => r.OverdueUnreplied),
            OverdueNow = rows.Sum(r => r.OverdueNow), OverdueEver = rows.Sum(r => r.OverdueEver), Returned = rows.Sum(r => r.Returned),
            Redispatched = rows.Sum(r => r.Redispatched), Redone = rows.Sum(r => r.Redone),
            ExtensionRequests = rows.Sum(r => r.ExtensionRequests), ExtensionApprovals = rows.Sum(r => r.ExtensionApprovals),
            ClosedDirectly = rows.Sum(r => r.ClosedDirectly),
            SignOffAvgSeconds = Weighted(r => r.SignOffAvgSeconds, r => r.Signed),
            ReplyAvgSeconds = Weighted(r => r.ReplyAvgSeconds, r => r.Replied),
            // A percentile does not add up across groups; the total row leaves it out rather than guess.
            VisitsReached = rows.Sum(r => r.VisitsReached), VisitsJudged = rows.Sum(r => r.VisitsJudged),
            VisitsResolved = rows.Sum(r => r.VisitsResolved), VisitsRated = rows.Sum(r => r.VisitsRated),
            VisitsSatisfied = rows.Sum(r => r.VisitsSatisfied),
        };
    }

    private sealed class ReturnCounts
    {
        public string? Key1 { get; init; }
        public string? Key2 { get; init; }
        public long ReturnedBy { get; init; }
        public long ReturnedAway { get; init; }
        public long ReturnedInTime { get; init; }
    }

    private sealed class VisitCounts
    {
        public string? Key1 { get; init; }
        public string? Key2 { get; init; }
        public long Reached { get; init; }
        public long Judged { get; init; }
        public long Resolved { get; init; }
        public long Rated { get; init; }
        public long Satisfied { get; init; }
    }
}

/// <summary>Section "Reports".</summary>
public sealed class ReportOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string Section = "Reports";

    /// <summary>Weights of 响应率, 解决率 and 满意率 in the monthly ranking's score; they add up to 1.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double ResponseWeight { get; set; } = 0.3;

    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double ResolutionWeight { get; set; } = 0.3;

    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double SatisfactionWeight { get; set; } = 0.4;

    /// <summary>Below this many dispatched cases in the month a department is listed but not ranked.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int RankingMinimumCases { get; set; } = 10;

    /// <summary>At most this many cases per department (and per waiting list) in the live view.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int LiveListLimit { get; set; } = 100;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000)]
    public int HotspotGrowthTop { get; set; } = 20;

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (Math.Abs(ResponseWeight + ResolutionWeight + SatisfactionWeight - 1) > 0.0001)
        {
            yield return new($"Reports: ResponseWeight + ResolutionWeight + SatisfactionWeight must add up to 1 (they add up to {ResponseWeight + ResolutionWeight + SatisfactionWeight}).",
                [nameof(ResponseWeight), nameof(ResolutionWeight), nameof(SatisfactionWeight)]);
        }
    }
}

public sealed record RankingWeights(double Response, double Resolution, double Satisfaction, int MinimumCases);

public sealed record RankingEntry(int Rank, string Department, string? Name, long Dispatched, Rate Response, Rate Resolution, Rate Satisfaction,
    double? Score, string? NotRankedBecause);

public sealed record Ranking(ReportPeriod Period, DateTimeOffset GeneratedAt, RankingWeights Weights, IReadOnlyList<RankingEntry> Departments,
    IReadOnlyList<Definition> Definitions);

public sealed class LiveCase
{
    public string Number { get; init; } = "";
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public string? DepartmentCode { get; init; }
    public string? HandlingDepartmentCode { get; init; }
    public string CategoryCode { get; init; } = "";
    public string Urgency { get; init; } = "";
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? ExtensionUntil { get; init; }
    public DateTimeOffset Since { get; init; }

    /// <summary>overdue or soon (the live view's two deadline lists); null in the waiting lists.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? List { get; init; }

    /// <summary>How many cases the department has in that list, of which at most the configured limit are read.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Total { get; init; }
}

public sealed record DepartmentCases(string Department, string? Name, int Count, IReadOnlyList<LiveCase> Cases);

public sealed record LiveView(DateTimeOffset At, double WithinWorkingHours, IReadOnlyList<DepartmentCases> Overdue,
    IReadOnlyList<DepartmentCases> BreachingSoon, IReadOnlyList<LiveCase> ReturnsWaiting, IReadOnlyList<LiveCase> ExtensionsWaiting);

public sealed record HotspotCell(string Category, string? CategoryName, string? Area, string? AreaName, long Count);

public sealed record CategoryGrowth(string Category, string? Name, long Current, long Previous, long Increase, double? Growth);

public sealed record Hotspots(ReportPeriod Period, ReportPeriod Previous, int CategoryLevel, string AreaLevel, IReadOnlyList<HotspotCell> Cells,
    IReadOnlyList<CategoryGrowth> FastestGrowing);

public sealed class CaseListRow
{
    public string Number { get; init; } = "";
    public DateTimeOffset FiledAt { get; init; }
    public string Status { get; init; } = "";
    public string RequestType { get; init; } = "";
    public string CategoryCode { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Urgency { get; init; } = "";
    public string? StreetCode { get; init; }
    public string? CommunityCode { get; init; }
    public string? DepartmentCode { get; init; }
    public string Title { get; init; } = "";
    public DateTimeOffset? DispatchedAt { get; init; }
    public DateTimeOffset? SignedAt { get; init; }
    public DateTimeOffset? RepliedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? CloseOutcome { get; init; }
    public DateTimeOffset? SignOffOverdueAt { get; init; }
    public DateTimeOffset? ReplyOverdueAt { get; init; }
    public int Returns { get; init; }
    public int Redos { get; init; }
}

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
    /// <summary>
    /// The KPI report for <paramref name="period"/>, grouped by one or two <see cref="ReportDimensions"/>, over the cases of
    /// <paramref name="scope"/>. Grouped by the day alone, every day of the period has a row, a day without cases with zeros.
    /// </summary>
    public async Task<KpiReport> KpiAsync(ReportPeriod period, IReadOnlyList<string> groupBy, int categoryLevel,
        ReportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(groupBy);
        ArgumentNullException.ThrowIfNull(scope);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var departments = scope.Departments;
        var sql = ReportQueries.Kpi(database.Dialect, groupBy, categoryLevel, scoped: departments is not null, street: scope.Street is not null);
        var now = clock.GetUtcNow();
        var parameters = new
        {
            period.Start, period.End, Now = now, Departments = departments?.ToArray(), True = true,
            Satisfied = Satisfactions.Satisfied, Basically = Satisfactions.BasicallySatisfied, scope.Street,
            TimeZone = database.Dialect.TimeZoneName(TimeZoneInfo.FindSystemTimeZoneById(period.TimeZone)),
        };
        var byDepartment = sql.ByDepartment;
        var (counts, visits, returns) = await database.ReadAsync(async (connection, ct) =>
        {
            var counts = (await connection.QueryAsync<KpiCounts>(new CommandDefinition(sql.Cases, parameters, cancellationToken: ct))).ToList();
            var visits = (await connection.QueryAsync<VisitCounts>(new CommandDefinition(sql.Visits, parameters, cancellationToken: ct))).ToList();
            var returns = byDepartment < 0 ? [] : (await connection.QueryAsync<ReturnCounts>(new CommandDefinition(sql.Returns, parameters, cancellationToken: ct))).ToList();
            return (counts, visits, returns);
        }, cancellationToken);

        if (groupBy is [ReportDimensions.Day])
        {
            // Charts need the gaps: a day without cases is a row of zeros.
            var days = counts.Select(c => c.Key1).ToHashSet(StringComparer.Ordinal);
            for (var day = period.From; day <= period.To; day = day.AddDays(1))
            {
                var key = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                if (!days.Contains(key))
                {
                    counts.Add(new KpiCounts { Key1 = key });
                }
            }
        }

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
        return new KpiReport(period, groupBy, now, departments is null ? null : string.Join(",", departments), rows, total, KpiDefinitions.All)
        {
            Street = scope.Street,
        };
    }

    /// <summary>
    /// The monthly ranking of departments on the weighted score of 响应率, 解决率 and 满意率. A department with fewer
    /// than <see cref="ReportOptions.RankingMinimumCases"/> dispatched cases, or without visits to judge it by, is
    /// listed with its figures but not ranked.
    /// </summary>
    public async Task<Ranking> RankingAsync(ReportPeriod period, CancellationToken cancellationToken) =>
        Rank(await KpiAsync(period, [ReportDimensions.Department], 1, ReportScope.Whole, cancellationToken));

    /// <summary>
    /// The monthly assessment (月度考核通报) of <paramref name="period"/>: the ranking, the red and black lists of
    /// <see cref="ReportOptions.HonourListSize"/> each, every department's KPI row and the total, from one KPI report.
    /// </summary>
    public async Task<MonthlyAssessment> MonthlyAssessmentAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var report = await KpiAsync(period, [ReportDimensions.Department], 1, ReportScope.Whole, cancellationToken);
        var ranking = Rank(report);
        var o = options.Value;
        var ranked = ranking.Departments.Where(e => e.Rank > 0).ToList();
        var red = ranked.Take(o.HonourListSize).ToList();
        // The lowest ranked, worst first; a department already on the red list is never also on the black one.
        var black = ranked.Skip(red.Count).Reverse().Take(o.HonourListSize).ToList();
        return new MonthlyAssessment(period, report.GeneratedAt, new ScoreWeights(o.ResponseWeight, o.ResolutionWeight, o.SatisfactionWeight),
            o.RankingMinimumCases, ranking.Departments, red, black, report.Rows, report.Total, KpiDefinitions.All);
    }

    private Ranking Rank(KpiReport report)
    {
        var o = options.Value;
        var period = report.Period;
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
    public async Task<LiveView> LiveAsync(double withinWorkingHours, ReportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var departments = scope.Departments;
        var rules = await deadlines.GetAsync(cancellationToken);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var horizon = TimeSpan.FromHours(withinWorkingHours);
        var cutoffs = rules.Calendars.ToDictionary(c => c.Key, c => c.Value.AddWorkingTime(now, horizon));
        var latest = cutoffs.Values.Max();
        var limit = options.Value.LiveListLimit;
        // "Soon" is on each case's own department calendar: one cutoff per calendar, chosen per row (see ReportQueries.Live).
        var parameters = new DynamicParameters(new { Now = now, Latest = latest, Take = limit, Departments = departments?.ToArray(),
            CenterCutoff = cutoffs[rules.CenterCalendarCode], scope.Street });
        var own = 0;
        foreach (var calendar in rules.DepartmentCalendars.GroupBy(d => d.Value).Where(g => g.Key != rules.CenterCalendarCode && cutoffs.ContainsKey(g.Key)))
        {
            // Named as ReportQueries.Live refers to them: Calendar0 with Cutoff0, and on.
            parameters.Add($"Calendar{own}", calendar.Select(d => d.Key).ToArray());
            parameters.Add($"Cutoff{own}", cutoffs[calendar.Key]);
            own++;
        }

        var sql = ReportQueries.Live(database.Dialect, own, scoped: departments is not null, street: scope.Street is not null);
        var (due, returns, extensions) = await database.ReadAsync(async (connection, ct) =>
        {
            var due = (await connection.QueryAsync<LiveCase>(new CommandDefinition(sql.Due, parameters, cancellationToken: ct))).ToList();
            var returns = (await connection.QueryAsync<LiveCase>(new CommandDefinition(sql.Returns, parameters, cancellationToken: ct))).ToList();
            var extensions = (await connection.QueryAsync<LiveCase>(new CommandDefinition(sql.Extensions, parameters, cancellationToken: ct))).ToList();
            return (due, returns, extensions);
        }, cancellationToken);

        return new LiveView(now, withinWorkingHours, PerDepartment([.. due.Where(c => c.List == "overdue")], catalogue),
            PerDepartment([.. due.Where(c => c.List == "soon")], catalogue), [.. returns], [.. extensions]);
    }

    /// <summary>Counts by category × area for the period, and the categories that grew most against the period before.</summary>
    public async Task<Hotspots> HotspotsAsync(ReportPeriod period, ReportPeriod previous, int categoryLevel, string areaLevel,
        ReportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(scope);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var sql = ReportQueries.Hotspots(database.Dialect, categoryLevel, areaLevel, scoped: scope.Departments is not null,
            street: scope.Street is not null);
        var parameters = new
        {
            period.Start, period.End, PreviousStart = previous.Start, PreviousEnd = previous.End,
            Departments = scope.Departments?.ToArray(), scope.Street,
        };
        var (cells, growth) = await database.ReadAsync(async (connection, ct) =>
        {
            var cells = (await connection.QueryAsync<(string Category, string? Area, long Count)>(new CommandDefinition(sql.Cells, parameters,
                cancellationToken: ct))).ToList();
            var growth = (await connection.QueryAsync<(string Category, long Current, long Previous)>(new CommandDefinition(sql.Growth, parameters,
                cancellationToken: ct))).ToList();
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
    public async IAsyncEnumerable<CaseListRow> CaseListAsync(ReportPeriod period, string? status, ReportScope scope,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<CaseListRow>(
            ReportQueries.CaseList(database.Dialect, scoped: scope.Departments is not null, street: scope.Street is not null),
            new { period.Start, period.End, Status = status, Departments = scope.Departments?.ToArray(), scope.Street });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// The cases behind <paramref name="part"/> of <paramref name="figure"/> in the cell <paramref name="cell"/> of the KPI report over
    /// <paramref name="period"/> and <paramref name="scope"/>: at most <paramref name="limit"/>, in filing order, after
    /// <paramref name="after"/>. Counted and listed with the conditions the report sums (<see cref="ReportQueries.KpiCases"/>).
    /// </summary>
    public async Task<KpiCases> KpiCasesAsync(ReportPeriod period, ReportScope scope, string figure, string part, KpiCellFilter cell, int limit,
        KpiCaseCursor? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(cell);
        var kpi = KpiFigures.Find(figure) ?? throw new ArgumentOutOfRangeException(nameof(figure), figure, "Not a KPI figure.");
        var counted = part == KpiParts.Denominator
            ? kpi.Denominator ?? throw new ArgumentOutOfRangeException(nameof(part), part, "A count has no denominator.")
            : kpi.Numerator;
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var department = cell.CenterRow ? KpiCellDepartment.Center : cell.Department is null ? KpiCellDepartment.None : KpiCellDepartment.Department;
        var sql = ReportQueries.KpiCases(database.Dialect, counted, new KpiCell(department, scope.Departments is not null, scope.Street is not null,
            cell.Street is not null, cell.Community is not null, cell.Category is not null, cell.RequestType is not null, cell.Channel is not null,
            cell.Day is not null, after is not null));
        // A category at any level stands for its subtree: its code cut to its level (2 digits a level), as the report groups it.
        var categoryPrefix = cell.Category is null ? null
            : cell.Category[..Math.Min(cell.Category.Length, 2 * (catalogue.Categories.GetValueOrDefault(cell.Category)?.Level ?? 3))] + "%";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(period.TimeZone);
        var day = cell.Day is { } d ? ReportPeriod.Of(d, d, zone) : null;
        var parameters = new
        {
            period.Start, period.End, Now = clock.GetUtcNow(), Departments = scope.Departments?.ToArray(), scope.Street, True = true,
            Satisfied = Satisfactions.Satisfied, Basically = Satisfactions.BasicallySatisfied,
            ByDepartment = cell.Department, ByStreet = cell.Street, ByCommunity = cell.Community, ByCategory = categoryPrefix,
            ByRequestType = cell.RequestType, ByChannel = cell.Channel, DayStart = day?.Start, DayEnd = day?.End,
            AfterFiledAt = after?.FiledAt, AfterId = after?.Id, Take = limit + 1,
        };
        var (total, events, rows) = await database.ReadAsync(async (connection, ct) =>
        {
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql.Total, parameters, cancellationToken: ct));
            long? events = sql.Events is null ? null : await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql.Events, parameters, cancellationToken: ct));
            var rows = (await connection.QueryAsync<KpiCaseRow>(new CommandDefinition(sql.Page, parameters, cancellationToken: ct))).ToList();
            return (total, events, rows);
        }, cancellationToken);

        var definition = KpiDefinitions.All.Single(x => x.Key == figure);
        var name = definition.Name.Split(' ')[0];
        var partName = kpi.Kind == KpiFigure.Count ? name : $"{name} · {(part == KpiParts.Denominator ? "分母" : "分子")}";
        var text = part == KpiParts.Denominator ? definition.Denominator ?? definition.Numerator : definition.Numerator;
        var page = rows.Take(limit).Select(r => new KpiCase(r.Number, r.Title, r.Status, r.Urgency, r.CategoryCode,
            catalogue.Categories.GetValueOrDefault(r.CategoryCode)?.Name, r.DepartmentCode,
            r.DepartmentCode is null ? null : catalogue.Departments.GetValueOrDefault(r.DepartmentCode)?.Name,
            r.StreetCode, r.StreetCode is null ? null : catalogue.Areas.GetValueOrDefault(r.StreetCode)?.Name, r.FiledAt, r.DueAt)).ToList();
        var next = rows.Count > limit ? new KpiCaseCursor(rows[limit - 1].FiledAt, rows[limit - 1].Id).Encode() : null;
        return new KpiCases(figure, part, partName, text, total, events is not null, events, page, next);
    }

    private static IReadOnlyList<DepartmentCases> PerDepartment(List<LiveCase> cases, Catalogue.Catalogue catalogue) =>
        [.. cases.GroupBy(c => c.DepartmentCode ?? "")
            .Select(g => new DepartmentCases(g.Key, catalogue.Departments.GetValueOrDefault(g.Key)?.Name, (int)g.First().Total, [.. g]))
            .OrderByDescending(d => d.Count).ThenBy(d => d.Department, StringComparer.Ordinal)];

    private static Dictionary<string, string?> Keys(IReadOnlyList<string> groupBy, string? key1, string? key2)
    {
        var keys = new Dictionary<string, string?> { [groupBy[0]] = key1 };
        if (groupBy.Count > 1)
        {
            keys[groupBy[1]] = key2;
        }

        return keys;
    }

    /// <summary>The kind of the department that is the hotline center itself (see the catalogue).</summary>
    private const string CenterKind = "center";

    private static Dictionary<string, string?> Labels(IReadOnlyList<string> groupBy, string? key1, string? key2, Catalogue.Catalogue catalogue)
    {
        string? Label(string dimension, string? key) => key is null
            // No department leads a case that was never dispatched (filed, closed directly, merged before dispatch): it lies with the
            // center, and its row says so.
            ? dimension == ReportDimensions.Department ? catalogue.Departments.Values.FirstOrDefault(d => d.Kind == CenterKind)?.Name : null
            : dimension switch
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
            Redispatched = rows.Sum(r => r.Redispatched), Redone = rows.Sum(r => r.Redone), RedoneAndReplied = rows.Sum(r => r.RedoneAndReplied),
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

using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// Reads the candidates a call is compared with, in one round trip that reads few rows however many cases the database holds. A
/// candidate is an open case filed since @OpenSince, or a case closed since @ClosedSince (one merged into another never: its master
/// stands for it), that shares something findable by an index with the probe:
/// <list type="bullet">
/// <item>its category family in its community — where nearly every repeat is —, and its category family anywhere, through
/// ix_cases_open_by_category and ix_cases_closed_by_category (category_code, community_code, then the time);</item>
/// <item>its community, whatever the category, through ix_cases_open_by_community and ix_cases_closed_by_community;</item>
/// <item>a coordinate cell around it (@Cells, <see cref="GeoCells"/>), through ix_cases_open_by_cell and ix_cases_closed_by_cell;</item>
/// <item>its caller's phone, through ix_cases_caller_phone.</item>
/// </list>
/// Each source is read open and closed apart, at most @PerSource rows each, the open cases newest first and the closed ones last
/// closed first, so a busy community costs no more than a quiet one; the family in the community goes first and is small, so a
/// repeat of last week's problem is read even where a busy family or community has had more than @PerSource cases since. A case
/// found by several sources comes back once per source; <see cref="CandidatesAsync"/> keeps one.
/// </summary>
public sealed class SimilarCaseStore(Database database)
{
    /// <summary>How much of each candidate's content is read and compared: a call's problem is told in its first sentences.</summary>
    public const int ContentCharacters = 1000;

    private const string Columns = $"""
        c.id as {nameof(SimilarityCandidate.Id)}, c.number as {nameof(SimilarityCandidate.Number)}, c.status as {nameof(SimilarityCandidate.Status)},
        c.category_code as {nameof(SimilarityCandidate.CategoryCode)}, c.community_code as {nameof(SimilarityCandidate.CommunityCode)},
        c.grid_code as {nameof(SimilarityCandidate.GridCode)}, c.address as {nameof(SimilarityCandidate.Address)},
        c.latitude as {nameof(SimilarityCandidate.Latitude)}, c.longitude as {nameof(SimilarityCandidate.Longitude)},
        c.title as {nameof(SimilarityCandidate.Title)}, substring(c.content, 1, 1000) as {nameof(SimilarityCandidate.Content)},
        case when c.caller_phone = @Phone then 1 else 0 end as {nameof(SimilarityCandidate.SameCaller)},
        c.caller_confidential as {nameof(SimilarityCandidate.CallerConfidential)}, c.filed_at as {nameof(SimilarityCandidate.FiledAt)},
        c.closed_at as {nameof(SimilarityCandidate.ClosedAt)}, c.master_case_id as {nameof(SimilarityCandidate.MasterCaseId)}
        """;

    private const string Open = "c.closed_at is null and c.status <> 'merged' and c.filed_at >= @OpenSince";
    private const string RecentlyClosed = "c.closed_at >= @ClosedSince and (c.close_outcome is null or c.close_outcome <> 'merged')";
    private const string Newest = "order by c.filed_at desc offset 0 rows fetch next @PerSource rows only";
    private const string LastClosed = "order by c.closed_at desc offset 0 rows fetch next @PerSource rows only";

    /// <summary>
    /// The candidate query in <paramref name="dialect"/>: every source a derived table of its own (what both PostgreSQL and SQL Server
    /// allow an ORDER BY with OFFSET … FETCH in), joined by UNION ALL. Parameters: @Categories (string[]), @Community, @Cells (long[]),
    /// @Phone, @OpenSince, @ClosedSince, @PerSource. A null @Community or @Phone, or no @Cells, finds nothing through that source.
    /// </summary>
    public static string CandidatesSql(ISqlDialect dialect) => $"""
        select * from (select {Columns} from cases c where {dialect.InList("c.category_code", "Categories")} and c.community_code = @Community and {Open} {Newest}) here_open
        union all
        select * from (select {Columns} from cases c where {dialect.InList("c.category_code", "Categories")} and c.community_code = @Community and {RecentlyClosed} {LastClosed}) here_closed
        union all
        select * from (select {Columns} from cases c where {dialect.InList("c.category_code", "Categories")} and {Open} {Newest}) family_open
        union all
        select * from (select {Columns} from cases c where {dialect.InList("c.category_code", "Categories")} and {RecentlyClosed} {LastClosed}) family_closed
        union all
        select * from (select {Columns} from cases c where c.community_code = @Community and {Open} {Newest}) community_open
        union all
        select * from (select {Columns} from cases c where c.community_code = @Community and {RecentlyClosed} {LastClosed}) community_closed
        union all
        select * from (select {Columns} from cases c where c.latitude is not null and {dialect.InList(GeoCells.CellSql, "Cells")} and {Open} {Newest}) cells_open
        union all
        select * from (select {Columns} from cases c where c.latitude is not null and {dialect.InList(GeoCells.CellSql, "Cells")} and {RecentlyClosed} {LastClosed}) cells_closed
        union all
        select * from (select {Columns} from cases c where c.caller_phone = @Phone and ({Open} or {RecentlyClosed}) {Newest}) caller
        """;

    /// <summary>The parameters of <see cref="CandidatesSql"/> for <paramref name="probe"/>.</summary>
    public static object Parameters(SimilarityProbe probe, DateTimeOffset now, SimilarCasesOptions options)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(options);
        var location = probe.Location;
        return new
        {
            Categories = probe.Family.Members.ToArray(),
            Community = location.CommunityCode,
            Cells = location is { Latitude: { } latitude, Longitude: { } longitude }
                ? GeoCells.Around(latitude, longitude, options.RadiusMetres).ToArray()
                : [],
            Phone = probe.ComparablePhone,
            OpenSince = now - options.OpenWindow,
            ClosedSince = now - options.ClosedWindow,
            PerSource = options.CandidatesPerSource,
        };
    }

    /// <summary>The candidates for <paramref name="probe"/> as of <paramref name="now"/>, each once, the probe's own case left out.</summary>
    public Task<IReadOnlyList<SimilarityCandidate>> CandidatesAsync(SimilarityProbe probe, DateTimeOffset now, SimilarCasesOptions options,
        CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<SimilarityCandidate>>(async (connection, ct) =>
        {
            var rows = await connection.QueryAsync<SimilarityCandidate>(new CommandDefinition(CandidatesSql(database.Dialect),
                Parameters(probe, now, options), cancellationToken: ct));
            var seen = new HashSet<Guid>();
            return [.. rows.Where(r => r.Id != probe.CaseId && seen.Add(r.Id))];
        }, cancellationToken);
}

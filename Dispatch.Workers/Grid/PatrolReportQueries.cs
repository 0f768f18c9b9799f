using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Grid;

/// <summary>
/// The patrol reports (巡查上报) listed: a grid worker's own, or (the center) every grid station's; newest first, in pages, from the
/// patrol index (migration 0019).
/// </summary>
public sealed class PatrolReportQueries(Database database)
{
    private const string Columns = $"""
        c.number as {nameof(PatrolReportSummary.Number)}, c.status as {nameof(PatrolReportSummary.Status)},
        c.request_type as {nameof(PatrolReportSummary.RequestType)}, c.category_code as {nameof(PatrolReportSummary.CategoryCode)},
        c.title as {nameof(PatrolReportSummary.Title)}, c.address as {nameof(PatrolReportSummary.Address)},
        c.latitude as {nameof(PatrolReportSummary.Latitude)}, c.longitude as {nameof(PatrolReportSummary.Longitude)},
        c.grid_code as {nameof(PatrolReportSummary.GridCode)}, c.patrol_station_code as {nameof(PatrolReportSummary.PatrolStationCode)},
        c.filed_by as {nameof(PatrolReportSummary.FiledBy)}, c.filed_at as {nameof(PatrolReportSummary.FiledAt)},
        c.lead_department_code as {nameof(PatrolReportSummary.LeadDepartmentCode)},
        c.handling_department_code as {nameof(PatrolReportSummary.HandlingDepartmentCode)},
        c.close_outcome as {nameof(PatrolReportSummary.CloseOutcome)}, c.closed_at as {nameof(PatrolReportSummary.ClosedAt)}
        """;

    // Every grid station's reports (the center): the partial index holds only patrol reports.
    private const string AllWhere = """
        where c.patrol_station_code is not null and c.filed_at >= @Start and c.filed_at < @End
        """;

    // A worker's own: their station's range of the index, then their own among them.
    private const string OwnWhere = """
        where c.patrol_station_code = @Station and c.filed_by = @FiledBy and c.filed_at >= @Start and c.filed_at < @End
        """;

    private const string Order = "order by c.filed_at desc, c.id desc offset @Skip rows fetch next @Take rows only";

    private const string AllCount = $"select count(*) from cases c {AllWhere}";
    private const string AllPage = $"select {Columns} from cases c {AllWhere} {Order}";
    private const string OwnCount = $"select count(*) from cases c {OwnWhere}";
    private const string OwnPage = $"select {Columns} from cases c {OwnWhere} {Order}";

    /// <summary>
    /// The reports filed in [<paramref name="start"/>, <paramref name="end"/>): those <paramref name="filedBy"/> filed for
    /// <paramref name="station"/>, or every one when both are null.
    /// </summary>
    public Task<PatrolReportPage> ListAsync(string? station, string? filedBy, DateTimeOffset start, DateTimeOffset end, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var own = station is not null;
        var parameters = new { Station = station, FiledBy = filedBy, Start = start, End = end, Skip = (page - 1) * pageSize, Take = pageSize };
        return database.ReadAsync(async (connection, ct) =>
        {
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(own ? OwnCount : AllCount, parameters, cancellationToken: ct));
            var items = await connection.QueryAsync<PatrolReportSummary>(new CommandDefinition(own ? OwnPage : AllPage, parameters, cancellationToken: ct));
            return new PatrolReportPage([.. items], page, pageSize, total);
        }, cancellationToken);
    }
}

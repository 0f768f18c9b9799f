using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Reports;

/// <summary>
/// The grid report and the channel report, read from the case rows filed in the period (by the filed_at index): the counters the
/// grid's steps keep on the row (migration 0019), never the audit table.
/// </summary>
public sealed class GridReportStore(Database database, CatalogueStore catalogues, TimeProvider clock)
{
    // The cases forwarded to a station and the patrol reports of a station, as two sets of rows of one grouped scan.
    private const string GridSql = $"""
        select g.station as {nameof(StationCounts.Station)}, sum(g.forwarded) as {nameof(StationCounts.Forwarded)},
               sum(g.patrol) as {nameof(StationCounts.PatrolReports)}, sum(g.on_spot) as {nameof(StationCounts.ResolvedOnSpot)},
               sum(g.verified) as {nameof(StationCounts.VerifiedOnSite)}
        from (
            select c.grid_station_code as station, 1 as forwarded, 0 as patrol, 0 as on_spot,
                   case when c.site_visits > 0 then 1 else 0 end as verified
            from cases c
            where c.filed_at >= @Start and c.filed_at < @End and c.grid_station_code is not null
            union all
            select c.patrol_station_code as station, 0 as forwarded, 1 as patrol,
                   case when c.close_outcome = @OnSpot then 1 else 0 end as on_spot, 0 as verified
            from cases c
            where c.filed_at >= @Start and c.filed_at < @End and c.patrol_station_code is not null
        ) g
        group by g.station
        """;

    private const string ChannelSql = $"""
        select c.channel as {nameof(ChannelCount.Channel)}, count(*) as {nameof(ChannelCount.Cases)}
        from cases c
        where c.filed_at >= @Start and c.filed_at < @End
        group by c.channel
        """;

    /// <summary>Every grid station's figures for <paramref name="period"/> (a station with nothing shows zeros), and their total.</summary>
    public async Task<GridReport> GridAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var counts = await database.ReadAsync<IReadOnlyList<StationCounts>>(async (connection, ct) =>
            [.. await connection.QueryAsync<StationCounts>(new CommandDefinition(GridSql,
                new { period.Start, period.End, OnSpot = CloseOutcomes.OnSpot }, cancellationToken: ct))], cancellationToken);
        var byStation = counts.ToDictionary(c => c.Station, StringComparer.Ordinal);
        var stations = catalogue.Departments.Values.Where(d => d.IsGridStation).Select(d => d.Code)
            .Union(byStation.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(code =>
            {
                var c = byStation.GetValueOrDefault(code) ?? new StationCounts { Station = code };
                var department = catalogue.Departments.GetValueOrDefault(code);
                return Row(code, department?.Name, department?.ParentCode, department?.AreaCode, c);
            }).ToList();
        var total = Row(null, null, null, null, new StationCounts
        {
            Forwarded = counts.Sum(c => c.Forwarded), PatrolReports = counts.Sum(c => c.PatrolReports),
            ResolvedOnSpot = counts.Sum(c => c.ResolvedOnSpot), VerifiedOnSite = counts.Sum(c => c.VerifiedOnSite),
        });
        return new GridReport(period, clock.GetUtcNow(), stations, total, GridReport.AllDefinitions);
    }

    /// <summary>The cases filed in <paramref name="period"/> by channel: every known channel, then any other a case was stored with.</summary>
    public async Task<ChannelReport> ChannelsAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var counts = await database.ReadAsync<IReadOnlyList<ChannelCount>>(async (connection, ct) =>
            [.. await connection.QueryAsync<ChannelCount>(new CommandDefinition(ChannelSql, new { period.Start, period.End }, cancellationToken: ct))],
            cancellationToken);
        var byChannel = counts.ToDictionary(c => c.Channel, c => c.Cases, StringComparer.Ordinal);
        var total = counts.Sum(c => c.Cases);
        var rows = Channels.All.Concat(byChannel.Keys.Except(Channels.All, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .Select(channel => new ChannelRow(channel, byChannel.GetValueOrDefault(channel), new Rate(byChannel.GetValueOrDefault(channel), total)))
            .ToList();
        return new ChannelReport(period, clock.GetUtcNow(), rows, total);
    }

    private static GridStationRow Row(string? code, string? name, string? community, string? grid, StationCounts c) =>
        new(code, name, community, grid, c.Forwarded, c.PatrolReports, c.ResolvedOnSpot, new Rate(c.ResolvedOnSpot, c.PatrolReports), c.VerifiedOnSite);

    private sealed class StationCounts
    {
        public string Station { get; init; } = "";
        public long Forwarded { get; init; }
        public long PatrolReports { get; init; }
        public long ResolvedOnSpot { get; init; }
        public long VerifiedOnSite { get; init; }
    }

    private sealed class ChannelCount
    {
        public string Channel { get; init; } = "";
        public long Cases { get; init; }
    }
}

namespace Dispatch.Workers.Reports;

/// <summary>
/// The grid level (网格) of a period, per grid station: the cases its community forwarded to it, the patrol reports its workers filed,
/// how many of those were closed on the spot (就地办结) and their share, and the cases it verified on site (上门核实). Every case is
/// counted by when it was filed.
/// </summary>
public sealed record GridReport(ReportPeriod Period, DateTimeOffset GeneratedAt, IReadOnlyList<GridStationRow> Stations, GridStationRow Total,
    IReadOnlyList<Definition> Definitions)
{
    public static IReadOnlyList<Definition> AllDefinitions { get; } =
    [
        new("forwarded", "转派网格量 forwarded to the grid",
            "Cases filed in the period that a community forwarded to the grid station (二级派单), each counted once, for the station it went to last.", null),
        new("patrolReports", "巡查上报量 patrol reports", "Cases filed in the period by the grid station's workers from a patrol (channel grid-patrol).", null),
        new("resolvedOnSpot", "就地办结量 resolved on the spot", "Patrol reports closed on the spot as they were filed, with their photos.", null),
        new("resolvedOnSpotShare", "就地办结率 share resolved on the spot", "resolvedOnSpot", "patrolReports"),
        new("verifiedOnSite", "上门核实量 verified on site",
            "Cases counted in forwarded that a grid worker verified on site (上门核实) at least once.", null),
    ];
}

/// <summary>One grid station's figures (the total's station is null).</summary>
public sealed record GridStationRow(string? StationCode, string? StationName, string? CommunityCode, string? GridCode, long Forwarded,
    long PatrolReports, long ResolvedOnSpot, Rate ResolvedOnSpotShare, long VerifiedOnSite);

namespace Dispatch.Workers.Reports;

public sealed record HotspotCell(string Category, string? CategoryName, string? Area, string? AreaName, long Count);

public sealed record CategoryGrowth(string Category, string? Name, long Current, long Previous, long Increase, double? Growth);

/// <summary>Where a period's cases gather, by category and area, and the categories growing fastest (ReportStore.HotspotsAsync).</summary>
public sealed record Hotspots(ReportPeriod Period, ReportPeriod Previous, int CategoryLevel, string AreaLevel, IReadOnlyList<HotspotCell> Cells,
    IReadOnlyList<CategoryGrowth> FastestGrowing);

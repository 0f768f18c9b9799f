namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// Coarse cells of latitude and longitude (a hundredth of a degree each way: about 1.1 km north–south, 0.96 km east–west at the
/// demo district's 30° N), so that "nearby" is an index lookup of a few cells rather than a scan. A cell is one whole number, the
/// same expression that migration 0016 indexes (<see cref="CellSql"/>), and distances are then measured exactly
/// (<see cref="Metres"/>) on the few cases found.
/// </summary>
public static class GeoCells
{
    /// <summary>Cells per degree.</summary>
    public const int PerDegree = 100;

    /// <summary>The largest radius the options accept: a few cells each way at the most, wherever the district lies below 60°.</summary>
    public const int MaxRadiusMetres = 2_000;

    /// <summary>
    /// The cell of a case's coordinates in SQL, over the columns of alias c. Migration 0016 indexes exactly this expression (PostgreSQL) or
    /// persists it as the column geo_cell (SQL Server, which matches the expression to the column's index): change all three together.
    /// </summary>
    public const string CellSql = "cast(floor(c.latitude * 100) as bigint) * 100000 + cast(floor(c.longitude * 100) as bigint)";

    private const double EarthRadiusMetres = 6_371_008.8;
    private const double MetresPerDegreeOfLatitude = Math.PI * EarthRadiusMetres / 180;

    /// <summary>The cell of a point, as <see cref="CellSql"/> computes it.</summary>
    public static long Of(double latitude, double longitude) =>
        ((long)Math.Floor(latitude * PerDegree) * 100_000) + (long)Math.Floor(longitude * PerDegree);

    /// <summary>Every cell that a circle of <paramref name="radiusMetres"/> around the point touches (its bounding box's cells).</summary>
    public static IReadOnlyList<long> Around(double latitude, double longitude, double radiusMetres)
    {
        var latitudeSpan = radiusMetres / MetresPerDegreeOfLatitude;
        // Near the poles a degree of longitude shrinks to nothing; no hotline lies there, so the span is capped instead of exploding.
        var longitudeSpan = radiusMetres / (MetresPerDegreeOfLatitude * Math.Max(Math.Cos(latitude * Math.PI / 180), 0.2));
        var cells = new List<long>();
        for (var row = (long)Math.Floor((latitude - latitudeSpan) * PerDegree); row <= (long)Math.Floor((latitude + latitudeSpan) * PerDegree); row++)
        {
            for (var column = (long)Math.Floor((longitude - longitudeSpan) * PerDegree);
                 column <= (long)Math.Floor((longitude + longitudeSpan) * PerDegree);
                 column++)
            {
                cells.Add((row * 100_000) + column);
            }
        }

        return cells;
    }

    /// <summary>The great-circle distance between two points in metres (haversine formula on a sphere of the Earth's mean radius).</summary>
    public static double Metres(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLatitude = Radians(latitude2 - latitude1);
        var dLongitude = Radians(longitude2 - longitude1);
        var h = (Math.Sin(dLatitude / 2) * Math.Sin(dLatitude / 2))
                + (Math.Cos(Radians(latitude1)) * Math.Cos(Radians(latitude2)) * Math.Sin(dLongitude / 2) * Math.Sin(dLongitude / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

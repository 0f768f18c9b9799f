namespace Dispatch.Workers.Cases;

/// <summary>district › street › community › grid, plus free address and optional coordinates.</summary>
public sealed record CaseLocation(
    string DistrictCode,
    string? StreetCode,
    string? CommunityCode,
    string? GridCode,
    string? Address,
    double? Latitude,
    double? Longitude)
{
    /// <summary>Every level that is known, district first: what an area condition of a routing rule is matched against.</summary>
    public IReadOnlyList<string> AreaCodes => [.. new[] { DistrictCode, StreetCode, CommunityCode, GridCode }.OfType<string>()];
}

namespace Dispatch.Workers.Grid;

/// <summary>
/// What a grid worker (网格员) reports from a patrol (巡查上报), as the API validated it: what and where (WGS-84), the photos they
/// staged (POST /api/attachments), and, when they resolved it there, what they did (就地办结).
/// </summary>
public sealed record PatrolReport(
    string RequestType,
    string CategoryCode,
    string Description,
    string? Address,
    double Latitude,
    double Longitude,
    IReadOnlyList<Guid> AttachmentIds,
    bool ResolvedOnSpot,
    string? Resolution);

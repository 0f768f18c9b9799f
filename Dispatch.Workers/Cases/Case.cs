namespace Dispatch.Workers.Cases;

/// <summary>A case as stored: what the caller said, where it is, who has it, and where it stands.</summary>
public sealed record Case(
    Guid Id,
    string Number,
    CaseState Status,
    int Version,
    string RequestType,
    string CategoryCode,
    string Channel,
    string Urgency,
    Caller Caller,
    CaseLocation Location,
    string Title,
    string Content,
    string? LeadDepartmentCode,
    IReadOnlyList<string> AssistingDepartmentCodes,
    string FiledBy,
    DateTimeOffset FiledAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The caller. A confidential (保密) caller's name and phone are never shown to departments.</summary>
public sealed record Caller(string? Name, string? Phone, bool Confidential);

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

/// <summary>What the agent recorded; everything the API validated before a case exists.</summary>
public sealed record NewCase(
    string RequestType,
    string CategoryCode,
    string Channel,
    string Urgency,
    Caller Caller,
    CaseLocation Location,
    string Title,
    string Content,
    string FiledBy);

/// <summary>One row of a case's audit trail. <see cref="DecidedBy"/> names the rule or policy (and version) of an automatic decision.</summary>
public sealed record AuditEntry(
    int Seq,
    string Action,
    string? FromState,
    string ToState,
    string Actor,
    string? Reason,
    string? DecidedBy,
    long? DecidedById,
    int? DecidedByVersion,
    DateTimeOffset OccurredAt);

public static class RequestTypes
{
    public static IReadOnlyList<string> All { get; } = ["consultation", "help", "complaint", "report", "suggestion", "praise"];
}

public static class Channels
{
    public static IReadOnlyList<string> All { get; } = ["phone", "web", "wechat", "app", "email", "letter", "provincial-transfer"];
}

public static class Urgencies
{
    public const string Normal = "normal";
    public const string Urgent = "urgent";

    public static IReadOnlyList<string> All { get; } = [Normal, Urgent];
}

namespace Dispatch.Workers.Access;

/// <summary>A stored session with its user as they are now (user_sessions joined with users).</summary>
public sealed class SessionRecord
{
    public string Username { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public string? DepartmentCode { get; init; }
    public bool Active { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
}

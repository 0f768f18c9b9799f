namespace Dispatch.Workers.Access;

/// <summary>The authenticated person acting; what the audit row records as the actor.</summary>
public sealed record Actor(string Username, string Role, string? DepartmentCode)
{
    /// <summary>The center's roles see every case and the caller's identity; department handlers do not.</summary>
    public bool IsCenter => Role is not Roles.Handler;

    public override string ToString() => DepartmentCode is null ? $"{Role}:{Username}" : $"{Role}:{Username}@{DepartmentCode}";
}

public static class Roles
{
    public const string Agent = "agent";
    public const string Dispatcher = "dispatcher";
    public const string Handler = "handler";
    public const string Visitor = "visitor";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Agent, Dispatcher, Handler, Visitor, Supervisor, Admin];
}

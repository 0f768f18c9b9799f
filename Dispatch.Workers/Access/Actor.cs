namespace Dispatch.Workers.Access;

/// <summary>The authenticated person acting; what the audit row records as the actor.</summary>
public sealed record Actor(string Username, string Role, string? DepartmentCode)
{
    /// <summary>
    /// The center's roles see every case and the caller's identity; department handlers do not. An allow-list: a role this
    /// version does not know (a typo in the users table, a role a later version added) must not fall through to the widest rights.
    /// </summary>
    public bool IsCenter => Roles.Center.Contains(Role);

    /// <summary>The department whose cases this actor works on: only a handler acts for one, whatever else the users table says.</summary>
    public string? HandlingDepartmentCode => Role == Roles.Handler ? DepartmentCode : null;

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

    /// <summary>
    /// 知识库管理员: reviews, publishes, returns, archives and corrects the knowledge base's entries. Works for the center but is not
    /// one of its case roles (<see cref="Center"/>): least privilege, as the knowledge base is all the role needs. It sees no case and
    /// no caller; it reads a closed consultation only to draft an entry from it, and then only its title, category and answer.
    /// </summary>
    public const string Editor = "editor";

    public static IReadOnlyList<string> All { get; } = [Agent, Dispatcher, Handler, Visitor, Supervisor, Admin, Editor];

    /// <summary>The roles that work for the center on cases (they see every case and the caller's identity), not for a department.</summary>
    public static IReadOnlyList<string> Center { get; } = [Agent, Dispatcher, Visitor, Supervisor, Admin];
}

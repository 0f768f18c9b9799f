namespace Dispatch.Workers.Access;

/// <summary>A user as the console greets them: who they are, their role and department.</summary>
public sealed record Person(string Username, string DisplayName, string Role, string? DepartmentCode)
{
    public Actor Actor => new(Username, Role, DepartmentCode);
}

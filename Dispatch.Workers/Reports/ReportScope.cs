namespace Dispatch.Workers.Reports;

/// <summary>
/// Which cases a report covers: those led by one of <see cref="Departments"/> (null: every department, and the cases none leads),
/// filed in the street <see cref="Street"/> (null: the whole district). A handler's own departments and a chosen department's
/// sub-units are intersected into <see cref="Departments"/> before a report runs.
/// </summary>
public sealed record ReportScope(IReadOnlyList<string>? Departments, string? Street)
{
    public static ReportScope Whole { get; } = new(null, null);
}

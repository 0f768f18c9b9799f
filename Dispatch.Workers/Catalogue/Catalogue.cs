namespace Dispatch.Workers.Catalogue;

/// <summary>A department; a grid station (kind <see cref="DepartmentKinds.GridStation"/>) is tied to its grid by <paramref name="AreaCode"/>.</summary>
public sealed record Department(string Code, string Name, string? ParentCode, string Kind, bool Active, string? AreaCode = null)
{
    /// <summary>A grid station (网格工作站): its handlers are the grid workers (网格员) of the grid <see cref="AreaCode"/>.</summary>
    public bool IsGridStation => Kind == DepartmentKinds.GridStation;
}

/// <summary>An area of the grid: district › street › community › grid.</summary>
public sealed record Area(string Code, string Name, string Level, string? ParentCode);

/// <summary>A category of the hierarchical catalogue (GB/T 39666 style: two digits per level).</summary>
public sealed record Category(string Code, string Name, string? ParentCode, int Level, bool Active = true);

public static class AreaLevels
{
    public const string District = "district";
    public const string Street = "street";
    public const string Community = "community";
    public const string Grid = "grid";
}

/// <summary>A consistent snapshot of the reference data, indexed for validation and routing.</summary>
public sealed class Catalogue
{
    public Catalogue(IEnumerable<Department> departments, IEnumerable<Area> areas, IEnumerable<Category> categories)
    {
        Departments = departments.ToDictionary(d => d.Code, StringComparer.Ordinal);
        Areas = areas.ToDictionary(a => a.Code, StringComparer.Ordinal);
        Categories = categories.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, Department> Departments { get; }

    public IReadOnlyDictionary<string, Area> Areas { get; }

    public IReadOnlyDictionary<string, Category> Categories { get; }

    public bool IsArea(string? code, string level, string? parentCode = null) =>
        code is not null
        && Areas.TryGetValue(code, out var area)
        && area.Level == level
        && (parentCode is null || area.ParentCode == parentCode);

    /// <summary>The grid station <paramref name="code"/>, active; null when it is not one.</summary>
    public Department? GridStation(string? code) =>
        code is not null && Departments.TryGetValue(code, out var d) && d.IsGridStation && d.Active ? d : null;

    /// <summary>The active grid stations directly under <paramref name="communityCode"/>.</summary>
    public IEnumerable<Department> GridStationsOf(string communityCode) =>
        Departments.Values.Where(d => d.IsGridStation && d.Active && d.ParentCode == communityCode);

    /// <summary>True when <paramref name="code"/> is <paramref name="ancestor"/> or sits somewhere below it.</summary>
    public bool IsDepartmentWithin(string code, string ancestor)
    {
        for (var current = code; current is not null; current = Departments.GetValueOrDefault(current)?.ParentCode)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}

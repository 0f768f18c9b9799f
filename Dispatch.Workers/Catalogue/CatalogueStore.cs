using Dapper;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Catalogue;

/// <summary>
/// Reads the reference data and keeps a snapshot for a short while: it changes rarely (an administrator's
/// edit) and is read on every intake and every routing decision.
/// </summary>
public sealed class CatalogueStore : IDisposable
{
    private readonly Database _database;
    private readonly RefreshingSnapshot<Catalogue> _snapshot;

    public CatalogueStore(Database database, TimeProvider clock, IOptions<CatalogueOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _snapshot = new RefreshingSnapshot<Catalogue>(clock, () => options.Value.RefreshInterval, LoadAsync);
    }

    public Task<Catalogue> GetAsync(CancellationToken cancellationToken) => _snapshot.GetAsync(cancellationToken);

    public void Dispose() => _snapshot.Dispose();

    /// <summary>Drops this process's copy after an administrator's change; other processes refresh within the interval.</summary>
    public void Invalidate() => _snapshot.Invalidate();

    private Task<Catalogue> LoadAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(async (connection, ct) =>
        {
            var departments = await connection.QueryAsync<Department>(new CommandDefinition($"""
                select code as {nameof(Department.Code)}, name as {nameof(Department.Name)}, parent_code as {nameof(Department.ParentCode)},
                       kind as {nameof(Department.Kind)}, active as {nameof(Department.Active)}, area_code as {nameof(Department.AreaCode)}
                from departments order by code
                """, cancellationToken: ct));
            var areas = await connection.QueryAsync<Area>(new CommandDefinition($"""
                select code as {nameof(Area.Code)}, name as {nameof(Area.Name)}, level as {nameof(Area.Level)}, parent_code as {nameof(Area.ParentCode)}
                from areas order by code
                """, cancellationToken: ct));
            var categories = await connection.QueryAsync<CategoryRow>(new CommandDefinition($"""
                select code as {nameof(CategoryRow.Code)}, name as {nameof(CategoryRow.Name)}, parent_code as {nameof(CategoryRow.ParentCode)},
                       level as {nameof(CategoryRow.Level)}, active as {nameof(CategoryRow.Active)}
                from categories order by code
                """, cancellationToken: ct));
            return new Catalogue(departments, areas, categories.Select(c => new Category(c.Code, c.Name, c.ParentCode, c.Level, c.Active)));
        }, cancellationToken);

    private sealed record CategoryRow(string Code, string Name, string? ParentCode, short Level, bool Active);
}

public sealed class CatalogueOptions
{
    public const string Section = "Catalogue";

    /// <summary>How long a process keeps its snapshot of departments, areas and categories.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}

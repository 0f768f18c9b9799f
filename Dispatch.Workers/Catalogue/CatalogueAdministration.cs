using System.Data.Common;
using Dapper;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Catalogue;

public static class DepartmentKinds
{
    public const string Community = "community";

    /// <summary>网格工作站: under its community, tied to one grid (<see cref="Department.AreaCode"/>); its handlers are grid workers.</summary>
    public const string GridStation = "grid-station";

    public static IReadOnlyList<string> All { get; } = ["center", "department", "street-office", Community, GridStation];
}

public sealed record DepartmentDraft(string Code, string Name, string? ParentCode, string Kind, string? CalendarCode, bool Active);

public sealed record AreaDraft(string Code, string Name, string Level, string? ParentCode);

public sealed record CategoryDraft(string Code, string Name, bool Active);

/// <summary>A department as administrators edit it: with the version an edit names.</summary>
public sealed class DepartmentRecord
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string? ParentCode { get; init; }
    public string Kind { get; init; } = "";
    public string? CalendarCode { get; init; }
    public bool Active { get; init; }
    public int Version { get; init; }
}

/// <summary>An area as administrators edit it: with the version an edit names.</summary>
public sealed class AreaRecord
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Level { get; init; } = "";
    public string? ParentCode { get; init; }
    public int Version { get; init; }
}

/// <summary>A category as administrators edit it: with the version an edit names.</summary>
public sealed class CategoryRecord
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string? ParentCode { get; init; }
    public int Level { get; init; }
    public bool Active { get; init; }
    public int Version { get; init; }
}

/// <summary>
/// Departments, areas and categories as administrators change them: each create or edit is checked against the
/// rest of the catalogue (parents exist, no department is its own ancestor, a department that enabled routing
/// rules send cases to stays active), versioned, and recorded with who and when, in one transaction.
/// Codes never change and nothing is deleted: cases keep referring to them.
/// </summary>
public sealed class CatalogueAdministration(Database database, CatalogueStore catalogues, AdminChanges changes, RoutingRuleStore routing, DeadlineRulesStore deadlines,
    TimeProvider clock, IOptions<RoutingOptions> routingOptions)
{
    private static readonly string[] AreaLevelOrder = [AreaLevels.District, AreaLevels.Street, AreaLevels.Community, AreaLevels.Grid];

    // Read from the tables, not the cached catalogue: an administrator edits by version, and the cache knows none.
    private const string DepartmentsSql = $"""
        select code as {nameof(DepartmentRecord.Code)}, name as {nameof(DepartmentRecord.Name)}, parent_code as {nameof(DepartmentRecord.ParentCode)},
               kind as {nameof(DepartmentRecord.Kind)}, calendar_code as {nameof(DepartmentRecord.CalendarCode)}, active as {nameof(DepartmentRecord.Active)},
               version as {nameof(DepartmentRecord.Version)}
        from departments order by code
        """;

    private const string AreasSql = $"""
        select code as {nameof(AreaRecord.Code)}, name as {nameof(AreaRecord.Name)}, level as {nameof(AreaRecord.Level)},
               parent_code as {nameof(AreaRecord.ParentCode)}, version as {nameof(AreaRecord.Version)}
        from areas order by code
        """;

    private const string CategoriesSql = $"""
        select code as {nameof(CategoryRecord.Code)}, name as {nameof(CategoryRecord.Name)}, parent_code as {nameof(CategoryRecord.ParentCode)},
               level as {nameof(CategoryRecord.Level)}, active as {nameof(CategoryRecord.Active)}, version as {nameof(CategoryRecord.Version)}
        from categories order by code
        """;

    public Task<IReadOnlyList<DepartmentRecord>> DepartmentsAsync(CancellationToken cancellationToken) => ListAsync<DepartmentRecord>(DepartmentsSql, cancellationToken);

    public Task<IReadOnlyList<AreaRecord>> AreasAsync(CancellationToken cancellationToken) => ListAsync<AreaRecord>(AreasSql, cancellationToken);

    public Task<IReadOnlyList<CategoryRecord>> CategoriesAsync(CancellationToken cancellationToken) => ListAsync<CategoryRecord>(CategoriesSql, cancellationToken);

    public async Task<AdminOutcome<DepartmentDraft>> SaveDepartmentAsync(DepartmentDraft draft, int? expectedVersion, string actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var rules = await deadlines.GetAsync(cancellationToken);
        var problems = new Dictionary<string, string[]>();
        if (draft.ParentCode is { } parent)
        {
            if (!catalogue.Departments.ContainsKey(parent))
            {
                problems["parentCode"] = [$"There is no department {parent}."];
            }
            else if (parent == draft.Code || catalogue.IsDepartmentWithin(parent, draft.Code))
            {
                problems["parentCode"] = [$"{parent} is {draft.Code} itself or one of its sub-units: a department cannot be its own ancestor."];
            }
        }

        if (draft.CalendarCode is { } calendar && !rules.Calendars.ContainsKey(calendar))
        {
            problems["calendarCode"] = [$"There is no calendar {calendar}."];
        }

        if (!draft.Active)
        {
            var sending = (await routing.GetActiveAsync(cancellationToken)).Where(r => r.LeadDepartmentCode == draft.Code).Select(r => r.Id).ToList();
            if (sending.Count > 0)
            {
                problems["active"] = [$"Enabled routing rules {string.Join(", ", sending)} send cases to {draft.Code}; change or disable them first."];
            }
            else if (draft.Code == routingOptions.Value.FallbackDepartmentCode)
            {
                problems["active"] = [$"{draft.Code} is the routing fallback (Routing:FallbackDepartmentCode)."];
            }
        }

        if (problems.Count > 0)
        {
            return new AdminOutcome<DepartmentDraft>.Invalid(problems);
        }

        var outcome = await SaveAsync(AdminChanges.Department, "departments", draft.Code, expectedVersion, draft, actor,
            "select code as Code, name as Name, parent_code as ParentCode, kind as Kind, calendar_code as CalendarCode, active as Active from departments where code = @Code",
            "insert into departments (code, name, parent_code, kind, calendar_code, active, version) values (@Code, @Name, @ParentCode, @Kind, @CalendarCode, @Active, 1)",
            "update departments set name = @Name, parent_code = @ParentCode, kind = @Kind, calendar_code = @CalendarCode, active = @Active, version = version + 1 where code = @Code and version = @ExpectedVersion",
            cancellationToken);
        deadlines.Invalidate();
        return outcome;
    }

    public async Task<AdminOutcome<AreaDraft>> SaveAreaAsync(AreaDraft draft, int? expectedVersion, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var level = Array.IndexOf(AreaLevelOrder, draft.Level);
        string? problem = level switch
        {
            < 0 => null,
            0 when draft.ParentCode is not null => "A district has no parent area.",
            > 0 when draft.ParentCode is null || !catalogue.Areas.TryGetValue(draft.ParentCode, out var parent) || parent.Level != AreaLevelOrder[level - 1] =>
                $"A {draft.Level} lies in an existing {AreaLevelOrder[level - 1]}: give that {AreaLevelOrder[level - 1]}'s code.",
            _ => null,
        };
        if (level < 0 || problem is not null)
        {
            return new AdminOutcome<AreaDraft>.Invalid(new Dictionary<string, string[]>
            {
                [level < 0 ? "level" : "parentCode"] = [problem ?? $"One of: {string.Join(", ", AreaLevelOrder)}."],
            });
        }

        return await SaveAsync(AdminChanges.Area, "areas", draft.Code, expectedVersion, draft, actor,
            "select code as Code, name as Name, level as Level, parent_code as ParentCode from areas where code = @Code",
            "insert into areas (code, name, level, parent_code, version) values (@Code, @Name, @Level, @ParentCode, 1)",
            "update areas set name = @Name, level = @Level, parent_code = @ParentCode, version = version + 1 where code = @Code and version = @ExpectedVersion",
            cancellationToken);
    }

    /// <summary>Category codes are six digits, two per level (010000 › 010100 › 010101); the parent follows from the code.</summary>
    public async Task<AdminOutcome<CategoryDraft>> SaveCategoryAsync(CategoryDraft draft, int? expectedVersion, string actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var (level, parent) = CategoryPlace(draft.Code);
        if (level == 0 || (parent is not null && !catalogue.Categories.ContainsKey(parent)))
        {
            return new AdminOutcome<CategoryDraft>.Invalid(new Dictionary<string, string[]>
            {
                ["code"] = [level == 0
                    ? "Six digits, two per level, zeros for the levels below (e.g. 010000, 010100, 010101), and not 000000."
                    : $"Its parent category {parent} does not exist; add it first."],
            });
        }

        return await SaveAsync<object>(AdminChanges.Category, "categories", draft.Code, expectedVersion, new { draft.Code, draft.Name, draft.Active, Level = level, Parent = parent },
            actor,
            "select code as Code, name as Name, active as Active from categories where code = @Code",
            "insert into categories (code, name, parent_code, level, active, version) values (@Code, @Name, @Parent, @Level, @Active, 1)",
            "update categories set name = @Name, active = @Active, version = version + 1 where code = @Code and version = @ExpectedVersion",
            cancellationToken) switch
        {
            AdminOutcome<object>.Done => new AdminOutcome<CategoryDraft>.Done(draft),
            AdminOutcome<object>.Conflict c => new AdminOutcome<CategoryDraft>.Conflict(c.Reason),
            AdminOutcome<object>.NotFound n => new AdminOutcome<CategoryDraft>.NotFound(n.What),
            var other => throw new InvalidOperationException($"Unexpected {other}."),
        };
    }

    public static (int Level, string? Parent) CategoryPlace(string code)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit) || code[..2] == "00")
        {
            return (0, null);
        }

        return code[2..] == "0000" ? (1, null)
            : code[4..] == "00" ? (2, code[..2] + "0000")
            : (3, code[..4] + "00");
    }

    /// <summary>Creates (no expected version) or edits (at the expected version) one row, with its administrative record.</summary>
    private async Task<AdminOutcome<T>> SaveAsync<T>(string entity, string table, string code, int? expectedVersion, T draft, string actor,
        string select, string insert, string update, CancellationToken cancellationToken)
        where T : notnull
    {
        var outcome = await database.InTransactionAsync<AdminOutcome<T>>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var version = await VersionAsync(connection, transaction, table, code, ct);
            var before = version is null ? null : await connection.QuerySingleAsync<dynamic>(new CommandDefinition(select, new { Code = code }, transaction, cancellationToken: ct));
            if (expectedVersion is null && version is not null)
            {
                return new AdminOutcome<T>.Conflict($"{code} exists already (version {version}); edit it instead.");
            }

            if (expectedVersion is not null && version is null)
            {
                return new AdminOutcome<T>.NotFound($"There is no {entity} {code}.");
            }

            if (expectedVersion is not null && version != expectedVersion)
            {
                return new AdminOutcome<T>.Conflict($"{code} is at version {version}, not {expectedVersion}: someone changed it meanwhile. Reload it and decide again.");
            }

            var parameters = new DynamicParameters(draft);
            parameters.Add("ExpectedVersion", expectedVersion);
            await connection.ExecuteAsync(new CommandDefinition(expectedVersion is null ? insert : update, parameters, transaction, cancellationToken: ct));
            await changes.RecordAsync(connection, transaction, entity, code, (version ?? 0) + 1, expectedVersion is null ? "create" : "edit",
                before is null ? null : (object)(IDictionary<string, object>)before, draft, actor, now, ct);
            return new AdminOutcome<T>.Done(draft);
        }, cancellationToken, commitWhen: o => o is AdminOutcome<T>.Done);
        if (outcome is AdminOutcome<T>.Done)
        {
            catalogues.Invalidate();
        }

        return outcome;
    }

    private Task<IReadOnlyList<T>> ListAsync<T>(string sql, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<T>>(async (connection, ct) =>
            [.. await connection.QueryAsync<T>(new CommandDefinition(sql, cancellationToken: ct))], cancellationToken);

    private static Task<int?> VersionAsync(DbConnection connection, DbTransaction transaction, string table, string code, CancellationToken ct) =>
        connection.ExecuteScalarAsync<int?>(new CommandDefinition($"select version from {table} where code = @Code", new { Code = code }, transaction,
            cancellationToken: ct));
}

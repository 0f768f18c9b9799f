using System.Data.Common;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging;

namespace Dispatch.Workers.Catalogue;

/// <summary>
/// Inserts the demo district (deploy/seed/demo-district.json, embedded) where it is missing. It never
/// overwrites a row that exists, so re-seeding keeps whatever an administrator has changed since.
/// </summary>
public sealed partial class DemoSeed(Database database, TimeProvider clock, ILogger<DemoSeed> logger)
{
    public const string Actor = "system:seed";

    public static SeedFile Load()
    {
        using var stream = typeof(DemoSeed).Assembly.GetManifestResourceStream("seed/demo-district.json")
            ?? throw new InvalidOperationException("The demo seed is not embedded.");
        return JsonSerializer.Deserialize<SeedFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The demo seed is empty.");
    }

    public Task<int> ApplyAsync(CancellationToken cancellationToken) => ApplyAsync(Load(), cancellationToken);

    /// <summary>Inserts what is missing of <paramref name="seed"/> (a spec seeds an older schema with what that release's seed held).</summary>
    public Task<int> ApplyAsync(SeedFile seed, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            ArgumentNullException.ThrowIfNull(seed);
            var now = clock.GetUtcNow();
            var inserted = 0;
            foreach (var c in seed.Calendars)
            {
                var added = await InsertMissingAsync(connection, transaction, "calendars", "code", c.Code, """
                    insert into calendars (code, version, name, time_zone, week, observes_holidays, changed_at, changed_by)
                    select @Code, 1, @Name, @TimeZone, @Week, @ObservesHolidays, @Now, @Actor
                    """, new { c.Code, c.Name, c.TimeZone, Week = JsonSerializer.Serialize(c.Week), c.ObservesHolidays, Now = now, Actor }, ct);
                if (added == 0)
                {
                    continue;
                }

                inserted++;
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into calendar_versions (calendar_code, version, change, changed_at, changed_by) values (@Code, 1, @Change, @Now, @Actor)",
                    new { c.Code, Change = "created from the demo seed", Now = now, Actor }, transaction, cancellationToken: ct));
                if (c.Holidays == "cn-holidays")
                {
                    foreach (var year in Deadlines.HolidayNotices.China)
                    {
                        await Deadlines.CalendarAdministration.InsertYearAsync(connection, transaction, c.Code, year, ct);
                    }
                }
            }

            // Before the departments: a grid station names its grid.
            foreach (var a in TopologicalOrder(seed.Areas, a => a.Code, a => a.Parent))
            {
                inserted += await InsertMissingAsync(connection, transaction, "areas", "code", a.Code,
                    "insert into areas (code, name, level, parent_code) select @Code, @Name, @Level, @Parent", a, ct);
            }

            foreach (var d in TopologicalOrder(seed.Departments, d => d.Code, d => d.Parent))
            {
                inserted += await InsertMissingAsync(connection, transaction, "departments", "code", d.Code, d.Area is null
                        ? "insert into departments (code, name, parent_code, kind, active) select @Code, @Name, @Parent, @Kind, @Active"
                        // A grid station names its grid (migration 0019).
                        : "insert into departments (code, name, parent_code, kind, active, area_code) select @Code, @Name, @Parent, @Kind, @Active, @Area",
                    new { d.Code, d.Name, d.Parent, d.Kind, Active = true, d.Area }, ct);
            }

            foreach (var (department, calendar) in seed.DepartmentCalendars)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "update departments set calendar_code = @Calendar where code = @Department and calendar_code is null",
                    new { Department = department, Calendar = calendar }, transaction, cancellationToken: ct));
            }

            foreach (var p in seed.SlaPolicies)
            {
                var policy = p.ToPolicy(version: 1);
                var exists = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "select count(*) from sla_policies where id = @Id", new { policy.Id }, transaction, cancellationToken: ct));
                if (exists == 0)
                {
                    await Deadlines.DeadlineRulesStore.InsertPolicyAsync(connection, transaction, policy, Actor, now, ct);
                    inserted++;
                }
            }

            foreach (var c in seed.Categories.OrderBy(c => c.Level))
            {
                inserted += await InsertMissingAsync(connection, transaction, "categories", "code", c.Code,
                    "insert into categories (code, name, parent_code, level) select @Code, @Name, @Parent, @Level",
                    new { c.Code, c.Name, c.Parent, Level = (short)c.Level }, ct);
            }

            foreach (var r in seed.RoutingRules)
            {
                var rule = r.ToRule(version: 1);
                if (await RoutingRuleStore.ExistsAsync(connection, transaction, rule.Id, ct))
                {
                    continue;
                }

                await RoutingRuleStore.InsertAsync(connection, transaction, rule, Actor, now, ct);
                inserted++;
            }

            foreach (var u in seed.Users)
            {
                inserted += await InsertMissingAsync(connection, transaction, "users", "username", u.Username,
                    "insert into users (username, display_name, role, department_code, active, created_at) select @Username, @DisplayName, @Role, @Department, @Active, @Now",
                    new { u.Username, u.DisplayName, u.Role, u.Department, Active = true, Now = now }, ct);
            }

            LogSeeded(logger, inserted);
            return inserted;
        }, cancellationToken);

    private static async Task<int> InsertMissingAsync(DbConnection connection, DbTransaction transaction,
        string table, string keyColumn, string key, string insertSql, object row, CancellationToken ct)
    {
        var exists = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"select count(*) from {table} where {keyColumn} = @Key", new { Key = key }, transaction, cancellationToken: ct));
        return exists > 0 ? 0 : await connection.ExecuteAsync(new CommandDefinition(insertSql, row, transaction, cancellationToken: ct));
    }

    private static List<T> TopologicalOrder<T>(IReadOnlyList<T> items, Func<T, string> key, Func<T, string?> parent)
    {
        var byKey = items.ToDictionary(key);
        var done = new HashSet<string>();
        var ordered = new List<T>();
        void Visit(T item)
        {
            if (!done.Add(key(item)))
            {
                return;
            }

            if (parent(item) is { } p && byKey.TryGetValue(p, out var parentItem))
            {
                Visit(parentItem);
            }

            ordered.Add(item);
        }

        foreach (var item in items)
        {
            Visit(item);
        }

        return ordered;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo seed applied: {Inserted} rows were missing and were inserted")]
    private static partial void LogSeeded(ILogger logger, int inserted);
}

public sealed record SeedFile(
    string Description,
    IReadOnlyList<SeedDepartment> Departments,
    IReadOnlyList<SeedArea> Areas,
    IReadOnlyList<SeedCategory> Categories,
    IReadOnlyList<SeedRoutingRule> RoutingRules,
    IReadOnlyList<SeedUser> Users,
    IReadOnlyList<SeedCalendar> Calendars,
    IReadOnlyDictionary<string, string> DepartmentCalendars,
    IReadOnlyList<SeedSlaPolicy> SlaPolicies)
{
    /// <summary>The seed as releases before migration 0019 held it: no grid stations, none of their workers.</summary>
    public SeedFile WithoutGridStations()
    {
        var stations = Departments.Where(d => d.Kind == DepartmentKinds.GridStation).Select(d => d.Code).ToHashSet();
        return this with
        {
            Departments = [.. Departments.Where(d => !stations.Contains(d.Code))],
            Users = [.. Users.Where(u => u.Department is null || !stations.Contains(u.Department))],
        };
    }
}

/// <summary>A calendar; <c>Holidays</c> "cn-holidays" loads China's shipped notices into it.</summary>
public sealed record SeedCalendar(string Code, string Name, string TimeZone, Dictionary<string, string[][]> Week, bool ObservesHolidays, string? Holidays);

public sealed record SeedLimit(decimal Amount, string Unit);

public sealed record SeedSlaPolicy(
    long Id, int Priority, string Name, IReadOnlyList<string> RequestTypes, string? CategoryPrefix, string? Urgency, SeedLimit SignOff,
    SeedLimit Reply, IReadOnlyList<int> WarningPercents, bool AutoReturnOnSignOffBreach, decimal SupervisionGraceHours, bool Enabled)
{
    public Deadlines.SlaPolicy ToPolicy(int version) => new(Id, version, Priority, Name, RequestTypes, CategoryPrefix, Urgency,
        new Deadlines.SlaLimit(SignOff.Amount, Deadlines.DeadlineRulesStore.ParseUnit(SignOff.Unit)),
        new Deadlines.SlaLimit(Reply.Amount, Deadlines.DeadlineRulesStore.ParseUnit(Reply.Unit)),
        WarningPercents, AutoReturnOnSignOffBreach, SupervisionGraceHours, Enabled);
}

/// <summary>A demo user. Their tokens are issued at run time (dotnet Dispatch.Workers.dll demo-tokens), never kept in the repo.</summary>
public sealed record SeedUser(string Username, string DisplayName, string Role, string? Department);

/// <summary>A department; a grid station names its grid area.</summary>
public sealed record SeedDepartment(string Code, string Name, string Kind, string? Parent, string? Area = null);

public sealed record SeedArea(string Code, string Name, string Level, string? Parent);

public sealed record SeedCategory(string Code, string Name, string? Parent, int Level);

public sealed record SeedRoutingRule(
    long Id, int Priority, string Name, IReadOnlyList<string> RequestTypes, string? CategoryPrefix, string? AreaCode,
    IReadOnlyList<string> Keywords, string LeadDepartment, IReadOnlyList<string> AssistingDepartments, bool Enabled)
{
    public RoutingRule ToRule(int version) => new(Id, version, Priority, Name, RequestTypes, CategoryPrefix, AreaCode,
        Keywords, LeadDepartment, AssistingDepartments, Enabled);
}

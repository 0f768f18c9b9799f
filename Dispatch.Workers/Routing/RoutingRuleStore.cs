using System.Data.Common;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Routing;

/// <summary>The routing table in the database; each version of each rule is also kept as it was.</summary>
public sealed class RoutingRuleStore : IDisposable
{
    /// <summary>Every column of a rule, aliased to <see cref="RuleRow"/>; callers add the where and order clauses.</summary>
    internal const string SelectRules = $"""
        select id as {nameof(RuleRow.Id)}, version as {nameof(RuleRow.Version)}, priority as {nameof(RuleRow.Priority)},
               name as {nameof(RuleRow.Name)}, request_types as {nameof(RuleRow.RequestTypes)},
               category_prefix as {nameof(RuleRow.CategoryPrefix)}, area_code as {nameof(RuleRow.AreaCode)},
               keywords as {nameof(RuleRow.Keywords)}, lead_department_code as {nameof(RuleRow.LeadDepartmentCode)},
               assisting_department_codes as {nameof(RuleRow.AssistingDepartmentCodes)}, enabled as {nameof(RuleRow.Enabled)},
               changed_at as {nameof(RuleRow.ChangedAt)}, changed_by as {nameof(RuleRow.ChangedBy)}
        from routing_rules
        """;

    private readonly RefreshingSnapshot<IReadOnlyList<RoutingRule>> _snapshot;

    public RoutingRuleStore(Database database, TimeProvider clock, IOptions<RoutingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _snapshot = new RefreshingSnapshot<IReadOnlyList<RoutingRule>>(clock, () => options.Value.RuleRefreshInterval, ct =>
            database.ReadAsync<IReadOnlyList<RoutingRule>>(async (connection, c) =>
                [.. (await connection.QueryAsync<RuleRow>(new CommandDefinition(
                    SelectRules + " where enabled = @Enabled order by priority, id", new { Enabled = true }, cancellationToken: c)))
                .Select(r => r.ToRule())], ct));
    }

    /// <summary>The enabled rules in the order they are tried; cached for <see cref="RoutingOptions.RuleRefreshInterval"/>.</summary>
    public Task<IReadOnlyList<RoutingRule>> GetActiveAsync(CancellationToken cancellationToken) => _snapshot.GetAsync(cancellationToken);

    public void Dispose() => _snapshot.Dispose();

    /// <summary>Drops this process's copy after an administrator's change; other processes refresh within the interval.</summary>
    public void Invalidate() => _snapshot.Invalidate();

    internal static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from routing_rules where id = @Id", new { Id = id }, transaction, cancellationToken: ct)) > 0;

    internal static async Task InsertAsync(DbConnection connection, DbTransaction transaction, RoutingRule rule, string actor,
        DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into routing_rules (id, version, priority, name, request_types, category_prefix, area_code, keywords,
                                       lead_department_code, assisting_department_codes, enabled, changed_at, changed_by)
            values (@Id, @Version, @Priority, @Name, @RequestTypes, @CategoryPrefix, @AreaCode, @Keywords,
                    @LeadDepartmentCode, @AssistingDepartmentCodes, @Enabled, @ChangedAt, @ChangedBy)
            """,
            new
            {
                rule.Id, rule.Version, rule.Priority, rule.Name,
                RequestTypes = Json(rule.RequestTypes), rule.CategoryPrefix, rule.AreaCode, Keywords = Json(rule.Keywords),
                rule.LeadDepartmentCode, AssistingDepartmentCodes = Json(rule.AssistingDepartmentCodes), rule.Enabled,
                ChangedAt = now, ChangedBy = actor,
            }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into routing_rule_versions (rule_id, version, definition, changed_at, changed_by)
            values (@Id, @Version, @Definition, @ChangedAt, @ChangedBy)
            """,
            new { rule.Id, rule.Version, Definition = JsonSerializer.Serialize(rule, JsonSerializerOptions.Web), ChangedAt = now, ChangedBy = actor },
            transaction, cancellationToken: ct));
    }

    /// <summary>Writes a new version of an existing rule if it is still at <paramref name="expectedVersion"/>, and keeps the version as it was.</summary>
    internal static async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, RoutingRule rule, int expectedVersion, string actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            update routing_rules set version = @Version, priority = @Priority, name = @Name, request_types = @RequestTypes,
                   category_prefix = @CategoryPrefix, area_code = @AreaCode, keywords = @Keywords, lead_department_code = @LeadDepartmentCode,
                   assisting_department_codes = @AssistingDepartmentCodes, enabled = @Enabled, changed_at = @ChangedAt, changed_by = @ChangedBy
            where id = @Id and version = @ExpectedVersion
            """,
            new
            {
                rule.Id, rule.Version, rule.Priority, rule.Name,
                RequestTypes = Json(rule.RequestTypes), rule.CategoryPrefix, rule.AreaCode, Keywords = Json(rule.Keywords),
                rule.LeadDepartmentCode, AssistingDepartmentCodes = Json(rule.AssistingDepartmentCodes), rule.Enabled,
                ChangedAt = now, ChangedBy = actor, ExpectedVersion = expectedVersion,
            }, transaction, cancellationToken: ct));
        if (updated == 1)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into routing_rule_versions (rule_id, version, definition, changed_at, changed_by)
                values (@Id, @Version, @Definition, @ChangedAt, @ChangedBy)
                """,
                new { rule.Id, rule.Version, Definition = JsonSerializer.Serialize(rule, JsonSerializerOptions.Web), ChangedAt = now, ChangedBy = actor },
                transaction, cancellationToken: ct));
        }

        return updated == 1;
    }

    private static string Json(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    /// <summary>
    /// A <c>routing_rules</c> row as read. A class with properties, not a positional record: Dapper converts timestamps
    /// for properties but needs exact types for constructor parameters.
    /// </summary>
    internal sealed class RuleRow
    {
        public long Id { get; init; }
        public int Version { get; init; }
        public int Priority { get; init; }
        public string Name { get; init; } = "";
        public string RequestTypes { get; init; } = "[]";
        public string? CategoryPrefix { get; init; }
        public string? AreaCode { get; init; }
        public string Keywords { get; init; } = "[]";
        public string LeadDepartmentCode { get; init; } = "";
        public string AssistingDepartmentCodes { get; init; } = "[]";
        public bool Enabled { get; init; }
        public DateTimeOffset ChangedAt { get; init; }
        public string ChangedBy { get; init; } = "";

        public RoutingRule ToRule() => new(Id, Version, Priority, Name, List(RequestTypes), CategoryPrefix, AreaCode,
            List(Keywords), LeadDepartmentCode, List(AssistingDepartmentCodes), Enabled);

        private static List<string> List(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }
}

/// <summary>Section "Routing".</summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>Where a case goes when no enabled rule matches; the audit row says the fallback decided.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string FallbackDepartmentCode { get; set; } = "";

    /// <summary>How long a worker keeps its copy of the routing table before reading it again.</summary>
    public TimeSpan RuleRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}

using System.Data.Common;
using Dapper;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Reports;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Routing;

/// <summary>What an administrator writes for a rule; the id, version and history are the store's.</summary>
public sealed record RuleDraft(
    int Priority,
    string Name,
    IReadOnlyList<string> RequestTypes,
    string? CategoryPrefix,
    string? AreaCode,
    IReadOnlyList<string> Keywords,
    string LeadDepartmentCode,
    IReadOnlyList<string> AssistingDepartmentCodes,
    bool Enabled)
{
    public RoutingRule ToRule(long id, int version) =>
        new(id, version, Priority, Name, RequestTypes, CategoryPrefix, AreaCode, Keywords, LeadDepartmentCode, AssistingDepartmentCodes, Enabled);
}

/// <summary>A rule with who last changed it and when.</summary>
public sealed record RuleView(RoutingRule Rule, DateTimeOffset ChangedAt, string ChangedBy);

public sealed class RuleVersionView
{
    public int Version { get; init; }
    public string Definition { get; init; } = "";
    public DateTimeOffset ChangedAt { get; init; }
    public string ChangedBy { get; init; } = "";
}

/// <summary>Where the cases of a period went, and where a proposed rule set would have sent them.</summary>
public sealed record DryRun(
    ReportPeriod Period,
    long CasesReplayed,
    long WouldMove,
    long DifferFromActiveRules,
    IReadOnlyList<DryRunMove> Moves,
    IReadOnlyDictionary<string, long> ByProposedRule);

public sealed record DryRunMove(string? From, string To, long Count, IReadOnlyList<DryRunExample> Examples);

public sealed record DryRunExample(string Number, string Title, string? ProposedRule);

/// <summary>
/// The routing table as administrators change it. Each change (create, edit, enable, disable, reorder) checks the
/// whole resulting table, then writes the rules it changes with a new version each, their version rows and the
/// administrative record, in one transaction under a table lock, so two administrators cannot together save a
/// table neither would have been allowed to. Workers pick the change up within their refresh interval.
/// </summary>
public sealed class RoutingAdministration(Database database, RoutingRuleStore store, CatalogueStore catalogues, AdminChanges changes, TimeProvider clock,
    IOptions<RoutingOptions> options) : IVersionedRules<RuleDraft, RoutingRule, RuleView>
{
    private const string SelectAll = RoutingRuleStore.SelectRules + " order by priority, id";

    public Task<IReadOnlyList<RuleView>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RuleView>>(async (connection, ct) =>
            [.. (await connection.QueryAsync<RoutingRuleStore.RuleRow>(new CommandDefinition(SelectAll, cancellationToken: ct))).Select(r => new RuleView(r.ToRule(), r.ChangedAt, r.ChangedBy))], cancellationToken);

    public Task<IReadOnlyList<RuleVersionView>> VersionsAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RuleVersionView>>(async (connection, ct) => [.. await connection.QueryAsync<RuleVersionView>(new CommandDefinition(
            "select version as Version, definition as Definition, changed_at as ChangedAt, changed_by as ChangedBy from routing_rule_versions where rule_id = @Id order by version",
            new { Id = id }, cancellationToken: ct))], cancellationToken);

    public Task<AdminOutcome<RoutingRule>> CreateAsync(RuleDraft draft, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(async (connection, transaction, rules, ct) =>
        {
            ArgumentNullException.ThrowIfNull(draft);
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Dialect.Provider == DatabaseProvider.SqlServer
                ? "select next value for routing_rule_id_seq" : "select nextval('routing_rule_id_seq')", transaction: transaction, cancellationToken: ct));
            var rule = draft.ToRule(id, 1);
            rules.Add(rule);
            return new Change(rule, null, "create");
        }, actor, cancellationToken);

    public Task<AdminOutcome<RoutingRule>> EditAsync(long id, int expectedVersion, RuleDraft draft, string actor, CancellationToken cancellationToken) =>
        ChangeAsync((_, _, rules, _) => Task.FromResult(Replace(rules, id, expectedVersion, old => draft.ToRule(id, old.Version + 1), "edit")),
            actor, cancellationToken);

    public Task<AdminOutcome<RoutingRule>> SetEnabledAsync(long id, int expectedVersion, bool enabled, string actor, CancellationToken cancellationToken) =>
        ChangeAsync((_, _, rules, _) => Task.FromResult(Replace(rules, id, expectedVersion,
            old => old with { Version = old.Version + 1, Enabled = enabled }, enabled ? "enable" : "disable")), actor, cancellationToken);

    /// <summary>
    /// Gives the rules <paramref name="order"/> (every rule's id, once) priorities 10, 20, 30, …; rules whose priority changes get a new version.
    /// With <paramref name="expectedVersions"/> (each rule's version as the administrator read the table, in the order's order) a rule
    /// changed since is a conflict: the new order was decided on a table that is no longer there.
    /// </summary>
    public Task<AdminOutcome<RoutingRule>> ReorderAsync(IReadOnlyList<long> order, IReadOnlyList<int>? expectedVersions, string actor,
        CancellationToken cancellationToken) =>
        ChangeAsync((_, _, rules, _) =>
        {
            ArgumentNullException.ThrowIfNull(order);
            var ids = rules.Select(r => r.Id).ToHashSet();
            if (order.Count != ids.Count || !order.ToHashSet().SetEquals(ids))
            {
                return Task.FromResult<Change?>(new Change(null, $"List every rule's id exactly once ({ids.Count} rules: {string.Join(", ", ids.Order())}).", "reorder"));
            }

            for (var i = 0; i < (expectedVersions?.Count ?? 0); i++)
            {
                var rule = rules.Single(r => r.Id == order[i]);
                if (rule.Version != expectedVersions![i])
                {
                    return Task.FromResult<Change?>(new Change(rule,
                        $"Rule {rule.Id} is at version {rule.Version}, not {expectedVersions[i]}: someone changed the table meanwhile. Reload it and decide again.",
                        "reorder", Stale: true));
                }
            }

            var changed = new List<RoutingRule>();
            for (var i = 0; i < order.Count; i++)
            {
                var index = rules.FindIndex(r => r.Id == order[i]);
                var priority = (i + 1) * 10;
                if (rules[index].Priority != priority)
                {
                    rules[index] = rules[index] with { Priority = priority, Version = rules[index].Version + 1 };
                    changed.Add(rules[index]);
                }
            }

            return Task.FromResult<Change?>(new Change(changed.FirstOrDefault(), null, "reorder", changed));
        }, actor, cancellationToken);

    /// <summary>Checks a proposed table the way a save would, without saving it.</summary>
    public async Task<IReadOnlyList<RuleProblem>> CheckAsync(IReadOnlyList<RoutingRule> proposed, CancellationToken cancellationToken) =>
        RoutingRuleValidation.Check(proposed, await catalogues.GetAsync(cancellationToken));

    /// <summary>
    /// Replays the cases filed in <paramref name="period"/> through <paramref name="proposed"/> and compares with the
    /// department each case is with now (after any correction by a dispatcher) and with what the active rules decide.
    /// The cases are streamed; only the counts and a few examples per move are kept.
    /// </summary>
    public async Task<DryRun> DryRunAsync(IReadOnlyList<RoutingRule> proposed, ReportPeriod period, int examplesPerMove,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var active = await store.GetActiveAsync(cancellationToken);
        var fallback = options.Value.FallbackDepartmentCode;
        var moves = new Dictionary<(string? From, string To), (long Count, List<DryRunExample> Examples)>();
        var byRule = new Dictionary<string, long>();
        long replayed = 0, moved = 0, differ = 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        var cases = connection.QueryUnbufferedAsync<ReplayRow>($"""
            select number as {nameof(ReplayRow.Number)}, request_type as {nameof(ReplayRow.RequestType)}, category_code as {nameof(ReplayRow.CategoryCode)},
                   district_code as {nameof(ReplayRow.DistrictCode)}, street_code as {nameof(ReplayRow.StreetCode)},
                   community_code as {nameof(ReplayRow.CommunityCode)}, grid_code as {nameof(ReplayRow.GridCode)},
                   title as {nameof(ReplayRow.Title)}, content as {nameof(ReplayRow.Content)}, lead_department_code as {nameof(ReplayRow.LeadDepartmentCode)}
            from cases where filed_at >= @Start and filed_at < @End and dispatched_at is not null
            order by filed_at, id
            """, new { period.Start, period.End });
        await foreach (var row in cases.WithCancellation(cancellationToken))
        {
            replayed++;
            var input = new RoutingInput(row.RequestType, row.CategoryCode,
                [.. new[] { row.DistrictCode, row.StreetCode, row.CommunityCode, row.GridCode }.OfType<string>()], row.Title, row.Content);
            var wouldBe = CaseRouter.Route(input, proposed, fallback);
            var ruleKey = wouldBe.RuleId is { } id ? $"rule {id}" : "fallback";
            byRule[ruleKey] = byRule.GetValueOrDefault(ruleKey) + 1;
            if (CaseRouter.Route(input, active, fallback).LeadDepartmentCode != wouldBe.LeadDepartmentCode)
            {
                differ++;
            }

            if (wouldBe.LeadDepartmentCode == row.LeadDepartmentCode)
            {
                continue;
            }

            moved++;
            var key = (row.LeadDepartmentCode, wouldBe.LeadDepartmentCode);
            var (count, examples) = moves.GetValueOrDefault(key, (0, []));
            if (examples.Count < examplesPerMove)
            {
                examples.Add(new DryRunExample(row.Number, row.Title, wouldBe.Explanation));
            }

            moves[key] = (count + 1, examples);
        }

        return new DryRun(period, replayed, moved, differ,
            [.. moves.OrderByDescending(m => m.Value.Count).ThenBy(m => m.Key.To, StringComparer.Ordinal)
                .Select(m => new DryRunMove(m.Key.From, m.Key.To, m.Value.Count, m.Value.Examples))],
            byRule);
    }

    private static Change? Replace(List<RoutingRule> rules, long id, int expectedVersion, Func<RoutingRule, RoutingRule> change, string operation)
    {
        var index = rules.FindIndex(r => r.Id == id);
        if (index < 0)
        {
            return null;
        }

        if (rules[index].Version != expectedVersion)
        {
            return new Change(rules[index], $"Rule {id} is at version {rules[index].Version}, not {expectedVersion}: someone changed it meanwhile. Reload it and decide again.",
                operation, Stale: true);
        }

        rules[index] = change(rules[index]);
        return new Change(rules[index], null, operation);
    }

    private async Task<AdminOutcome<RoutingRule>> ChangeAsync(
        Func<DbConnection, DbTransaction, List<RoutingRule>, CancellationToken, Task<Change?>> change, string actor, CancellationToken cancellationToken)
    {
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var outcome = await database.InTransactionAsync<AdminOutcome<RoutingRule>>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition(database.Dialect.LockTableSql("routing_rules"), transaction: transaction, cancellationToken: ct));
            var rows = (await connection.QueryAsync<RoutingRuleStore.RuleRow>(new CommandDefinition(SelectAll, transaction: transaction, cancellationToken: ct))).ToList();
            var rules = rows.Select(r => r.ToRule()).ToList();
            var before = rules.ToDictionary(r => r.Id);
            var standing = RoutingRuleValidation.Check(rules, catalogue).Select(p => (rules[p.Index].Id, p.Field, p.Reason)).ToHashSet();
            var done = await change(connection, transaction, rules, ct);
            switch (done)
            {
                case null:
                    return new AdminOutcome<RoutingRule>.NotFound("No such routing rule.");
                case { Stale: true }:
                    return new AdminOutcome<RoutingRule>.Conflict(done.Problem!);
                case { Problem: { } problem }:
                    return new AdminOutcome<RoutingRule>.Invalid(new Dictionary<string, string[]> { ["order"] = [problem] });
            }

            var changed = done.Changed ?? [done.Rule!];
            var changedIds = changed.Select(r => r.Id).ToHashSet();
            // Only what this change breaks is refused (on the rule changed or on any rule it makes unreachable);
            // a problem the table already had does not block an unrelated edit.
            var problems = RoutingRuleValidation.Check(rules, catalogue)
                .Where(p => !standing.Contains((rules[p.Index].Id, p.Field, p.Reason)))
                .ToList();
            if (problems.Count > 0)
            {
                return new AdminOutcome<RoutingRule>.Invalid(problems.GroupBy(p => changedIds.Count == 1 && changedIds.Contains(rules[p.Index].Id)
                        ? p.Field : $"rules[{rules[p.Index].Id}].{p.Field}")
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray()));
            }

            foreach (var rule in changed)
            {
                if (before.TryGetValue(rule.Id, out var old))
                {
                    var updated = await RoutingRuleStore.UpdateAsync(connection, transaction, rule, old.Version, actor, now, ct);
                    if (!updated)
                    {
                        return new AdminOutcome<RoutingRule>.Conflict($"Rule {rule.Id} changed meanwhile.");
                    }
                }
                else
                {
                    await RoutingRuleStore.InsertAsync(connection, transaction, rule, actor, now, ct);
                }

                await changes.RecordAsync(connection, transaction, AdminChanges.RoutingRule, rule.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    rule.Version, done.Operation, before.GetValueOrDefault(rule.Id), rule, actor, now, ct);
            }

            return new AdminOutcome<RoutingRule>.Done(done.Rule ?? (changed.Count > 0 ? changed[0] : rules[0]));
        }, cancellationToken, commitWhen: o => o is AdminOutcome<RoutingRule>.Done);
        if (outcome is AdminOutcome<RoutingRule>.Done)
        {
            store.Invalidate();
        }

        return outcome;
    }

    private sealed record Change(RoutingRule? Rule, string? Problem, string Operation, IReadOnlyList<RoutingRule>? Changed = null,
        bool Stale = false);

    private sealed class ReplayRow
    {
        public string Number { get; init; } = "";
        public string RequestType { get; init; } = "";
        public string CategoryCode { get; init; } = "";
        public string DistrictCode { get; init; } = "";
        public string? StreetCode { get; init; }
        public string? CommunityCode { get; init; }
        public string? GridCode { get; init; }
        public string Title { get; init; } = "";
        public string Content { get; init; } = "";
        public string? LeadDepartmentCode { get; init; }
    }
}

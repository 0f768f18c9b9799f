using System.Globalization;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// SLA policies as administrators change them. A policy is also the case's escalation ladder: its warning
/// percentages, the overdue alarm at 100 %, the automatic return on a sign-off breach, and supervision (督办)
/// after the reply grace. Each change checks the whole resulting set and writes a new version, its version row
/// and the administrative record in one transaction; running clocks keep the version they started with
/// (their explanation names it), new clocks use the new one.
/// </summary>
public sealed class SlaAdministration(Database database, DeadlineRulesStore rulesStore, CatalogueStore catalogues, AdminChanges changes,
    TimeProvider clock)
{
    private const string SelectAll = DeadlineRulesStore.PolicyRow.Select + " from sla_policies order by priority, id";

    public Task<IReadOnlyList<PolicyView>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<PolicyView>>(async (connection, ct) =>
            [.. (await connection.QueryAsync<DeadlineRulesStore.PolicyRow>(new CommandDefinition(SelectAll, cancellationToken: ct))).Select(r => new PolicyView(r.ToPolicy(), r.ChangedAt, r.ChangedBy))], cancellationToken);

    public Task<IReadOnlyList<RuleVersionView>> VersionsAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RuleVersionView>>(async (connection, ct) => [.. await connection.QueryAsync<RuleVersionView>(new CommandDefinition(
            "select version as Version, definition as Definition, changed_at as ChangedAt, changed_by as ChangedBy from sla_policy_versions where policy_id = @Id order by version",
            new { Id = id }, cancellationToken: ct))], cancellationToken);

    public Task<AdminOutcome<SlaPolicy>> CreateAsync(Func<long, SlaPolicy> draft, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(null, null, policies => draft(1 + policies.Select(p => p.Id).DefaultIfEmpty(0).Max()), "create", actor, cancellationToken);

    public Task<AdminOutcome<SlaPolicy>> EditAsync(long id, int expectedVersion, Func<long, SlaPolicy> draft, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, _ => draft(id) with { Version = expectedVersion + 1 }, "edit", actor, cancellationToken);

    public Task<AdminOutcome<SlaPolicy>> SetEnabledAsync(long id, int expectedVersion, bool enabled, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, policies => policies.Single(p => p.Id == id) with { Version = expectedVersion + 1, Enabled = enabled },
            enabled ? "enable" : "disable", actor, cancellationToken);

    /// <summary>
    /// Checks a policy set: codes exist, limits are positive, warnings lie between 1 and 99 %, each enabled policy has
    /// its own priority, none is unreachable, and an enabled catch-all remains so that every case gets clocks.
    /// </summary>
    public static IReadOnlyList<RuleProblem> Check(IReadOnlyList<SlaPolicy> policies, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(catalogue);
        var problems = new List<RuleProblem>();
        for (var i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            foreach (var (field, limit) in new[] { ("signOff", p.SignOff), ("reply", p.Reply) })
            {
                var hours = limit.Unit == LimitUnit.WorkingDays ? limit.Amount * 8 : limit.Amount;
                if (limit.Amount <= 0 || hours > 24 * 366)
                {
                    problems.Add(new(i, $"{field}.amount", "More than 0, and at most a year."));
                }
            }

            if (p.WarningPercents.Any(w => w is < 1 or > 99) || p.WarningPercents.Distinct().Count() != p.WarningPercents.Count)
            {
                problems.Add(new(i, "warningPercents", "Each between 1 and 99, each once."));
            }

            if (p.SupervisionGraceHours is < 0 or > 24 * 30)
            {
                problems.Add(new(i, "supervisionGraceHours", "From 0 to 720 hours."));
            }

            if (p.CategoryPrefix is { } prefix
                && (prefix.Length is not (2 or 4 or 6) || !catalogue.Categories.Keys.Any(c => c.StartsWith(prefix, StringComparison.Ordinal))))
            {
                problems.Add(new(i, "categoryPrefix", $"'{prefix}' is not a category code or the first 2 or 4 digits of one."));
            }

            if (p.Urgency is { } urgency && !Urgencies.All.Contains(urgency))
            {
                problems.Add(new(i, "urgency", $"'{urgency}' is not an urgency ({string.Join(", ", Urgencies.All)})."));
            }

            for (var t = 0; t < p.RequestTypes.Count; t++)
            {
                if (!RequestTypes.All.Contains(p.RequestTypes[t]))
                {
                    problems.Add(new(i, $"requestTypes[{t}]", $"'{p.RequestTypes[t]}' is not a request type."));
                }
            }
        }

        var enabled = policies.Select((p, i) => (Policy: p, Index: i)).Where(x => x.Policy.Enabled)
            .OrderBy(x => x.Policy.Priority).ThenBy(x => x.Policy.Id).ToList();
        foreach (var same in enabled.GroupBy(x => x.Policy.Priority).Where(g => g.Count() > 1))
        {
            foreach (var (policy, index) in same.Skip(1))
            {
                problems.Add(new(index, "priority", $"Priority {policy.Priority} is also policy {same.First().Policy.Id}'s; each enabled policy has its own."));
            }
        }

        for (var b = 0; b < enabled.Count; b++)
        {
            var later = enabled[b].Policy;
            if (enabled.Take(b).FirstOrDefault(a => Covers(a.Policy, later)) is { Policy: not null } earlier)
            {
                problems.Add(new(enabled[b].Index, "priority",
                    $"Policy '{later.Name}' can never apply: policy {earlier.Policy.Id} '{earlier.Policy.Name}' (priority {earlier.Policy.Priority}) comes first and covers every case it would."));
            }
        }

        if (!enabled.Any(x => x.Policy.RequestTypes.Count == 0 && x.Policy.CategoryPrefix is null && x.Policy.Urgency is null))
        {
            problems.Add(new(enabled.Count > 0 ? enabled[^1].Index : 0, "enabled",
                "No enabled catch-all policy (no request type, category or urgency) would remain: cases matching no policy would run no clock."));
        }

        return problems;
    }

    private static bool Covers(SlaPolicy earlier, SlaPolicy later) =>
        (earlier.RequestTypes.Count == 0 || (later.RequestTypes.Count > 0 && later.RequestTypes.All(earlier.RequestTypes.Contains)))
        && (earlier.CategoryPrefix is null || (later.CategoryPrefix is not null && later.CategoryPrefix.StartsWith(earlier.CategoryPrefix, StringComparison.Ordinal)))
        && (earlier.Urgency is null || earlier.Urgency == later.Urgency);

    private async Task<AdminOutcome<SlaPolicy>> ChangeAsync(long? id, int? expectedVersion, Func<List<SlaPolicy>, SlaPolicy> change, string operation,
        string actor, CancellationToken cancellationToken)
    {
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var outcome = await database.InTransactionAsync<AdminOutcome<SlaPolicy>>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition(database.Dialect.LockTableSql("sla_policies"), transaction: transaction, cancellationToken: ct));
            var policies = (await connection.QueryAsync<DeadlineRulesStore.PolicyRow>(new CommandDefinition(SelectAll, transaction: transaction, cancellationToken: ct)))
                .Select(r => r.ToPolicy()).ToList();
            var standing = Check(policies, catalogue).Select(p => (policies[p.Index].Id, p.Field, p.Reason)).ToHashSet();
            var before = id is null ? null : policies.FirstOrDefault(p => p.Id == id);
            if (id is not null && before is null)
            {
                return new AdminOutcome<SlaPolicy>.NotFound($"There is no SLA policy {id}.");
            }

            if (before is not null && before.Version != expectedVersion)
            {
                return new AdminOutcome<SlaPolicy>.Conflict(
                    $"Policy {id} is at version {before.Version}, not {expectedVersion}: someone changed it meanwhile. Reload it and decide again.");
            }

            var after = change(policies);
            if (before is null)
            {
                policies.Add(after);
            }
            else
            {
                policies[policies.IndexOf(before)] = after;
            }

            var problems = Check(policies, catalogue).Where(p => !standing.Contains((policies[p.Index].Id, p.Field, p.Reason))).ToList();
            if (problems.Count > 0)
            {
                return new AdminOutcome<SlaPolicy>.Invalid(problems
                    .GroupBy(p => policies[p.Index].Id == after.Id || p.Field == "enabled" ? p.Field : $"policies[{policies[p.Index].Id}].{p.Field}")
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray()));
            }

            if (before is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition("delete from sla_policies where id = @Id and version = @Version",
                    new { before.Id, before.Version }, transaction, cancellationToken: ct));
            }

            await DeadlineRulesStore.InsertPolicyAsync(connection, transaction, after, actor, now, ct);
            await changes.RecordAsync(connection, transaction, AdminChanges.SlaPolicy, after.Id.ToString(CultureInfo.InvariantCulture), after.Version,
                operation, before, after, actor, now, ct);
            return new AdminOutcome<SlaPolicy>.Done(after);
        }, cancellationToken, commitWhen: o => o is AdminOutcome<SlaPolicy>.Done);
        if (outcome is AdminOutcome<SlaPolicy>.Done)
        {
            rulesStore.Invalidate();
        }

        return outcome;
    }

    public sealed record PolicyView(SlaPolicy Policy, DateTimeOffset ChangedAt, string ChangedBy);
}

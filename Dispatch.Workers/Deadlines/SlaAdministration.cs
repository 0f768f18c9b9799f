using System.Globalization;
using Dapper;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// SLA policies as administrators change them. A policy is also the case's escalation ladder: its warning
/// percentages, the overdue alarm at 100 %, the automatic return on a sign-off breach, and supervision (督办)
/// after the reply grace. Each change checks the whole resulting set and writes a new version, its version row
/// and the administrative record in one transaction (the checks are <see cref="SlaPolicyValidation"/>'s); running clocks keep the version they started with
/// (their explanation names it), new clocks use the new one.
/// </summary>
public sealed class SlaAdministration(Database database, DeadlineRulesStore rulesStore, CatalogueStore catalogues, AdminChanges changes,
    TimeProvider clock) : IVersionedRules<Func<long, SlaPolicy>, SlaPolicy, SlaAdministration.PolicyView>
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
            var standing = SlaPolicyValidation.Check(policies, catalogue).Select(p => (policies[p.Index].Id, p.Field, p.Reason)).ToHashSet();
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

            var problems = SlaPolicyValidation.Check(policies, catalogue).Where(p => !standing.Contains((policies[p.Index].Id, p.Field, p.Reason))).ToList();
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

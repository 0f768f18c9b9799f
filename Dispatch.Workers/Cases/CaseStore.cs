using System.Data.Common;
using Dapper;
using Dispatch.Contracts;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Cases;

/// <summary>
/// Cases, their audit trail and their outgoing messages. Every change goes through
/// <see cref="CaseLifecycle"/> and is written with its audit row and its outbox rows in one transaction,
/// guarded by the case's version (optimistic concurrency).
/// </summary>
public sealed class CaseStore(Database database, CaseNumberAllocator numbers, TimeProvider clock)
{
    public const string IntakeOperation = "file-case";

    private const string SelectCase = $"""
        select id as {nameof(CaseRow.Id)}, number as {nameof(CaseRow.Number)}, status as {nameof(CaseRow.Status)},
               version as {nameof(CaseRow.Version)}, request_type as {nameof(CaseRow.RequestType)},
               category_code as {nameof(CaseRow.CategoryCode)}, channel as {nameof(CaseRow.Channel)}, urgency as {nameof(CaseRow.Urgency)},
               caller_name as {nameof(CaseRow.CallerName)}, caller_phone as {nameof(CaseRow.CallerPhone)},
               caller_confidential as {nameof(CaseRow.CallerConfidential)}, district_code as {nameof(CaseRow.DistrictCode)},
               street_code as {nameof(CaseRow.StreetCode)}, community_code as {nameof(CaseRow.CommunityCode)},
               grid_code as {nameof(CaseRow.GridCode)}, address as {nameof(CaseRow.Address)}, latitude as {nameof(CaseRow.Latitude)},
               longitude as {nameof(CaseRow.Longitude)}, title as {nameof(CaseRow.Title)}, content as {nameof(CaseRow.Content)},
               lead_department_code as {nameof(CaseRow.LeadDepartmentCode)}, filed_by as {nameof(CaseRow.FiledBy)},
               filed_at as {nameof(CaseRow.FiledAt)}, dispatched_at as {nameof(CaseRow.DispatchedAt)},
               closed_at as {nameof(CaseRow.ClosedAt)}, updated_at as {nameof(CaseRow.UpdatedAt)}
        from cases
        """;

    private const string SelectAssisting = "select department_code from case_assisting_departments where case_id = @Id order by department_code";

    /// <summary>
    /// Records a call as a case (受理). With an idempotency key, a retry of the same request returns the
    /// case the first attempt created; the same key with a different request is a conflict.
    /// </summary>
    public async Task<FileOutcome> FileAsync(NewCase draft, IdempotencyClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var number = await numbers.NextAsync(cancellationToken);
        return await database.InTransactionAsync<FileOutcome>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            if (claim is not null)
            {
                var claimed = await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertIdempotencyKeySql,
                    new { Operation = IntakeOperation, claim.Key, claim.RequestHash, CaseId = id, CreatedAt = now },
                    transaction, cancellationToken: ct));
                if (claimed == 0)
                {
                    var earlier = await connection.QuerySingleAsync<(string RequestHash, Guid CaseId)>(new CommandDefinition(
                        "select request_hash, case_id from idempotency_keys where operation = @Operation and idempotency_key = @Key",
                        new { Operation = IntakeOperation, claim.Key }, transaction, cancellationToken: ct));
                    return earlier.RequestHash == claim.RequestHash
                        ? new FileOutcome.Replayed(await GetAsync(connection, transaction, "id = @Id", new { Id = earlier.CaseId }, ct)
                            ?? throw new InvalidOperationException("An idempotency key points at a missing case."))
                        : new FileOutcome.KeyReused();
                }
            }

            var transition = CaseLifecycle.File();
            var filed = new Case(id, number, transition.To, 1, draft.RequestType, draft.CategoryCode, draft.Channel, draft.Urgency,
                draft.Caller, draft.Location, draft.Title, draft.Content, null, [], draft.FiledBy, now, null, null, now);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into cases (id, number, status, version, request_type, category_code, channel, urgency,
                                   caller_name, caller_phone, caller_confidential, district_code, street_code, community_code, grid_code,
                                   address, latitude, longitude, title, content, lead_department_code, filed_by, filed_at, updated_at)
                values (@Id, @Number, @Status, @Version, @RequestType, @CategoryCode, @Channel, @Urgency,
                        @CallerName, @CallerPhone, @CallerConfidential, @DistrictCode, @StreetCode, @CommunityCode, @GridCode,
                        @Address, @Latitude, @Longitude, @Title, @Content, null, @FiledBy, @FiledAt, @FiledAt)
                """,
                new
                {
                    filed.Id, filed.Number, Status = filed.Status.ToWire(), filed.Version, filed.RequestType, filed.CategoryCode,
                    filed.Channel, filed.Urgency, CallerName = filed.Caller.Name, CallerPhone = filed.Caller.Phone,
                    CallerConfidential = filed.Caller.Confidential, filed.Location.DistrictCode, filed.Location.StreetCode,
                    filed.Location.CommunityCode, filed.Location.GridCode, filed.Location.Address, filed.Location.Latitude,
                    filed.Location.Longitude, filed.Title, filed.Content, filed.FiledBy, filed.FiledAt,
                }, transaction, cancellationToken: ct));
            await AppendAuditAsync(connection, transaction, filed.Id,
                new AuditEntry(1, transition.Action.ToWire(), null, transition.To.ToWire(), draft.FiledBy, null, null, null, null, now), ct);
            await OutboxWriter.AddAsync(connection, transaction, filed.Id,
                new CaseFiled(filed.Id, filed.Number, filed.RequestType, filed.CategoryCode, filed.Urgency, now), now, ct);
            return new FileOutcome.Created(filed);
        }, cancellationToken);
    }

    /// <summary>
    /// 派单 by the routing rules: inside the consumer's transaction, moves a filed case to dispatched with
    /// the decision's departments, audits which rule (and version) or the fallback decided, and queues
    /// <see cref="CaseDispatched"/>.
    /// </summary>
    public static async Task<Case> DispatchAsync(DbConnection connection, DbTransaction transaction, Case current,
        CaseTransition transition, RoutingDecision decision, string actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(decision);
        var dispatched = current with
        {
            Status = transition.To,
            Version = current.Version + 1,
            LeadDepartmentCode = decision.LeadDepartmentCode,
            AssistingDepartmentCodes = decision.AssistingDepartmentCodes,
            DispatchedAt = now,
            UpdatedAt = now,
        };
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            update cases set status = @Status, version = @Version, lead_department_code = @Lead, dispatched_at = @Now, updated_at = @Now
            where id = @Id and version = @ExpectedVersion
            """,
            new
            {
                Status = dispatched.Status.ToWire(), dispatched.Version, Lead = decision.LeadDepartmentCode, Now = now,
                current.Id, ExpectedVersion = current.Version,
            }, transaction, cancellationToken: ct));
        if (updated != 1)
        {
            throw new CaseConcurrencyException(current.Number, current.Version);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "delete from case_assisting_departments where case_id = @Id", new { current.Id }, transaction, cancellationToken: ct));
        foreach (var department in decision.AssistingDepartmentCodes)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into case_assisting_departments (case_id, department_code) values (@Id, @Department)",
                new { current.Id, Department = department }, transaction, cancellationToken: ct));
        }

        await AppendAuditAsync(connection, transaction, current.Id, new AuditEntry(dispatched.Version, transition.Action.ToWire(),
            transition.From?.ToWire(), transition.To.ToWire(), actor, decision.Explanation, decision.DecidedBy, decision.RuleId,
            decision.RuleVersion, now), ct);
        await OutboxWriter.AddAsync(connection, transaction, current.Id, new CaseDispatched(current.Id, current.Number,
            decision.LeadDepartmentCode, decision.AssistingDepartmentCodes, decision.DecidedBy, decision.RuleId, decision.RuleVersion, now),
            now, ct);
        return dispatched;
    }

    public Task<Case?> FindByNumberAsync(string number, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) => GetAsync(connection, null, "number = @Number", new { Number = number }, ct), cancellationToken);

    public static Task<Case?> FindByIdAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken ct) =>
        GetAsync(connection, transaction, "id = @Id", new { Id = id }, ct);

    public Task<IReadOnlyList<AuditEntry>?> HistoryAsync(string number, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>?>(async (connection, ct) =>
        {
            var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "select id from cases where number = @Number", new { Number = number }, cancellationToken: ct));
            if (id is null)
            {
                return null;
            }

            var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition($"""
                select seq as {nameof(AuditRow.Seq)}, action as {nameof(AuditRow.Action)}, from_state as {nameof(AuditRow.FromState)},
                       to_state as {nameof(AuditRow.ToState)}, actor as {nameof(AuditRow.Actor)}, reason as {nameof(AuditRow.Reason)},
                       decided_by as {nameof(AuditRow.DecidedBy)}, decided_by_id as {nameof(AuditRow.DecidedById)},
                       decided_by_version as {nameof(AuditRow.DecidedByVersion)}, occurred_at as {nameof(AuditRow.OccurredAt)}
                from case_audit where case_id = @Id order by seq
                """, new { Id = id }, cancellationToken: ct));
            return [.. rows.Select(r => new AuditEntry(r.Seq, r.Action, r.FromState, r.ToState, r.Actor, r.Reason, r.DecidedBy,
                r.DecidedById, r.DecidedByVersion, r.OccurredAt))];
        }, cancellationToken);

    private static Task<int> AppendAuditAsync(DbConnection connection, DbTransaction transaction, Guid caseId, AuditEntry entry, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            insert into case_audit (case_id, seq, action, from_state, to_state, actor, reason, decided_by, decided_by_id,
                                    decided_by_version, occurred_at)
            values (@CaseId, @Seq, @Action, @FromState, @ToState, @Actor, @Reason, @DecidedBy, @DecidedById, @DecidedByVersion, @OccurredAt)
            """,
            new
            {
                CaseId = caseId, entry.Seq, entry.Action, entry.FromState, entry.ToState, entry.Actor, entry.Reason,
                entry.DecidedBy, entry.DecidedById, entry.DecidedByVersion, entry.OccurredAt,
            }, transaction, cancellationToken: ct));

    private static async Task<Case?> GetAsync(DbConnection connection, DbTransaction? transaction, string where, object parameters,
        CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(
            $"{SelectCase} where {where}", parameters, transaction, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var assisting = await connection.QueryAsync<string>(new CommandDefinition(
            SelectAssisting, new { row.Id }, transaction, cancellationToken: ct));
        return row.ToCase([.. assisting]);
    }

    private sealed class CaseRow
    {
        public Guid Id { get; init; }
        public string Number { get; init; } = "";
        public string Status { get; init; } = "";
        public int Version { get; init; }
        public string RequestType { get; init; } = "";
        public string CategoryCode { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Urgency { get; init; } = "";
        public string? CallerName { get; init; }
        public string? CallerPhone { get; init; }
        public bool CallerConfidential { get; init; }
        public string DistrictCode { get; init; } = "";
        public string? StreetCode { get; init; }
        public string? CommunityCode { get; init; }
        public string? GridCode { get; init; }
        public string? Address { get; init; }
        public double? Latitude { get; init; }
        public double? Longitude { get; init; }
        public string Title { get; init; } = "";
        public string Content { get; init; } = "";
        public string? LeadDepartmentCode { get; init; }
        public string FiledBy { get; init; } = "";
        public DateTimeOffset FiledAt { get; init; }
        public DateTimeOffset? DispatchedAt { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public Case ToCase(IReadOnlyList<string> assisting) => new(Id, Number, CaseStates.Parse(Status), Version, RequestType,
            CategoryCode, Channel, Urgency, new Caller(CallerName, CallerPhone, CallerConfidential),
            new CaseLocation(DistrictCode, StreetCode, CommunityCode, GridCode, Address, Latitude, Longitude), Title, Content,
            LeadDepartmentCode, assisting, FiledBy, FiledAt, DispatchedAt, ClosedAt, UpdatedAt);
    }

    private sealed class AuditRow
    {
        public int Seq { get; init; }
        public string Action { get; init; } = "";
        public string? FromState { get; init; }
        public string ToState { get; init; } = "";
        public string Actor { get; init; } = "";
        public string? Reason { get; init; }
        public string? DecidedBy { get; init; }
        public long? DecidedById { get; init; }
        public int? DecidedByVersion { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
    }
}

/// <summary>An Idempotency-Key with the hash of the request it came with.</summary>
public sealed record IdempotencyClaim(string Key, string RequestHash);

public abstract record FileOutcome
{
    private FileOutcome()
    {
    }

    public sealed record Created(Case Case) : FileOutcome;

    public sealed record Replayed(Case Case) : FileOutcome;

    public sealed record KeyReused : FileOutcome;
}

/// <summary>The case changed since it was read: someone else acted first.</summary>
public sealed class CaseConcurrencyException(string number, int expectedVersion)
    : Exception($"Case {number} changed after it was read at version {expectedVersion}.")
{
    public string Number { get; } = number;
}

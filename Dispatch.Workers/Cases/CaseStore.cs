using System.Data.Common;
using Dapper;
using Dispatch.Contracts;
using Dispatch.Workers.Access;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Cases;

/// <summary>
/// Cases: filing them, people's actions on them, and reading them. Every change is decided by <see cref="CaseChanges"/> (through
/// <see cref="CaseLifecycle"/>) and written by <see cref="CaseChangeWriter"/> with its audit row and its outbox rows in one
/// transaction, guarded by the case's version (optimistic concurrency).
/// </summary>
public sealed class CaseStore(
    Database database,
    CaseNumberAllocator numbers,
    CatalogueStore catalogues,
    DeadlineRulesStore deadlines,
    TimeProvider clock,
    AuditKeyRing keys,
    IOptions<LifecycleOptions> options)
{
    public const string IntakeOperation = "file-case";
    public const string ActionOperation = "case-action";

    private const string SelectCase = $"""
        {SelectCaseColumns}
        from cases
        """;

    private const string SelectCaseColumns = $"""
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
               closed_at as {nameof(CaseRow.ClosedAt)}, updated_at as {nameof(CaseRow.UpdatedAt)},
               handling_department_code as {nameof(CaseRow.HandlingDepartmentCode)}, master_case_id as {nameof(CaseRow.MasterCaseId)},
               reply as {nameof(CaseRow.Reply)}, pending_extension_until as {nameof(CaseRow.PendingExtensionUntil)},
               extended_until as {nameof(CaseRow.ExtendedUntil)}, visit_attempts as {nameof(CaseRow.VisitAttempts)},
               redo_count as {nameof(CaseRow.RedoCount)}, close_outcome as {nameof(CaseRow.CloseOutcome)},
               signed_at as {nameof(CaseRow.SignedAt)}, resolved_at as {nameof(CaseRow.ResolvedAt)},
               (select m.number from cases m where m.id = cases.master_case_id) as {nameof(CaseRow.MasterNumber)},
               signoff_overdue_at as {nameof(CaseRow.SignOffOverdueAt)}, reply_overdue_at as {nameof(CaseRow.ReplyOverdueAt)},
               next_due_at as {nameof(CaseRow.NextDueAt)}, audit_hash as {nameof(CaseRow.AuditHash)}
        """;

    private const string SelectSummary = $"""
        select c.number as {nameof(CaseSummary.Number)}, c.status as {nameof(CaseSummary.Status)},
               c.request_type as {nameof(CaseSummary.RequestType)}, c.category_code as {nameof(CaseSummary.CategoryCode)},
               c.urgency as {nameof(CaseSummary.Urgency)}, c.title as {nameof(CaseSummary.Title)},
               c.lead_department_code as {nameof(CaseSummary.LeadDepartmentCode)},
               c.handling_department_code as {nameof(CaseSummary.HandlingDepartmentCode)},
               c.filed_at as {nameof(CaseSummary.FiledAt)}, c.dispatched_at as {nameof(CaseSummary.DispatchedAt)},
               c.signed_at as {nameof(CaseSummary.SignedAt)}, c.pending_extension_until as {nameof(CaseSummary.PendingExtensionUntil)},
               c.redo_count as {nameof(CaseSummary.RedoCount)}, c.next_due_at as {nameof(CaseSummary.NextDueAt)},
               c.signoff_overdue_at as {nameof(CaseSummary.SignOffOverdueAt)}, c.reply_overdue_at as {nameof(CaseSummary.ReplyOverdueAt)}
        from cases c
        """;

    /// <summary>
    /// Records a call as a case (受理). With an idempotency key, a retry of the same request returns the
    /// case the first attempt created; the same key with a different request is a conflict.
    /// </summary>
    public async Task<FileOutcome> FileAsync(NewCase draft, IdempotencyClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var number = await numbers.NextAsync(cancellationToken);
        Case filed;
        try
        {
            filed = await database.InTransactionAsync((connection, transaction, ct) => InsertAsync(connection, transaction, draft, number, claim, ct),
                cancellationToken);
        }
        catch (Exception e) when (claim is not null && database.Dialect.IsUniqueViolation(e))
        {
            // The key was taken (by an earlier attempt, or by a concurrent one that has committed since): answer as it was answered.
            var earlier = await database.ReadAsync((connection, ct) => connection.QuerySingleOrDefaultAsync<(string RequestHash, Guid CaseId)?>(
                new CommandDefinition("select request_hash, case_id from idempotency_keys where operation = @Operation and actor = @Actor and idempotency_key = @Key",
                    new { Operation = IntakeOperation, Actor = draft.FiledBy, claim.Key }, cancellationToken: ct)), cancellationToken);
            if (earlier is not { } answered)
            {
                throw;
            }

            return answered.RequestHash == claim.RequestHash
                ? new FileOutcome.Replayed(await database.ReadAsync((connection, ct) => GetAsync(connection, null, "id = @Id", new { Id = answered.CaseId }, ct),
                    cancellationToken) ?? throw new InvalidOperationException("An idempotency key points at a missing case."))
                : new FileOutcome.KeyReused();
        }

        Hosting.DispatchMetrics.CasesFiled.Add(1);
        return new FileOutcome.Created(filed);
    }

    /// <summary>
    /// The case, its audit row, its outbox row and its idempotency key if any, in one round trip. The key goes first, as a plain
    /// insert: a key already taken fails the whole batch with a unique violation, and nothing else is written.
    /// </summary>
    private async Task<Case> InsertAsync(DbConnection connection, DbTransaction transaction, NewCase draft, string number,
        IdempotencyClaim? claim, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var writes = new SqlBatch();
        if (claim is not null)
        {
            writes.Add("""
                insert into idempotency_keys (operation, actor, idempotency_key, request_hash, case_id, created_at)
                values (@Operation, @Actor, @Key, @RequestHash, @CaseId, @CreatedAt)
                """, new { Operation = IntakeOperation, Actor = draft.FiledBy, claim.Key, claim.RequestHash, CaseId = id, CreatedAt = now });
        }

        var filed = CaseChangeWriter.AddFiled(writes, keys, CaseChanges.File(id, number, draft, now));
        await writes.ExecuteAsync(connection, transaction, ct);
        return filed;
    }

    /// <summary>
    /// Takes an action on a case for <paramref name="actor"/>. What the change needs beyond the case (a merge's master, the clocks) is
    /// read only once the request may go on, so a refused request costs no more than the read of the case.
    /// </summary>
    public async Task<ActOutcome> ActAsync(string number, Actor actor, CaseCommand command, IdempotencyClaim? claim,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(command);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var rules = await deadlines.GetAsync(cancellationToken);
        return await database.InTransactionAsync<ActOutcome>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var current = await GetAsync(connection, transaction, "number = @Number", new { Number = number }, ct);
            if (current is null || !CaseAccess.CanSee(actor, current, catalogue))
            {
                return new ActOutcome.NotFound();
            }

            if (claim is not null)
            {
                var claimed = await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertIdempotencyKeySql,
                    new { Operation = ActionOperation, Actor = actor.ToString(), claim.Key, claim.RequestHash, CaseId = current.Id, CreatedAt = now },
                    transaction, cancellationToken: ct));
                if (claimed == 0)
                {
                    var earlier = await connection.QuerySingleAsync<(string RequestHash, Guid CaseId)>(new CommandDefinition(
                        "select request_hash, case_id from idempotency_keys where operation = @Operation and actor = @Actor and idempotency_key = @Key",
                        new { Operation = ActionOperation, Actor = actor.ToString(), claim.Key }, transaction, cancellationToken: ct));
                    return earlier.RequestHash == claim.RequestHash && earlier.CaseId == current.Id
                        ? new ActOutcome.Replayed(current)
                        : new ActOutcome.KeyReused();
                }
            }

            var action = command.ActionFor(current, options.Value.MaxVisitAttempts);
            if (CaseAccess.Refusal(actor, current, action, catalogue) is { } refusal)
            {
                return new ActOutcome.Forbidden(refusal);
            }

            if (CaseLifecycle.Decide(current.Status, action) is CaseDecision.Refused refused)
            {
                return new ActOutcome.Refused(current, refused);
            }

            var master = command is CaseCommand.Merge merge ? await GetAsync(connection, transaction, "number = @Number", new { Number = merge.MasterNumber }, ct) : null;
            var request = new CaseRequest.ByPerson(command, actor, catalogue, master, options.Value.MaxVisitAttempts);
            var outcome = CaseChanges.Refusal(current, request, now)
                ?? CaseChanges.Decide(current, request, await CaseClockStore.ReadForAsync(connection, transaction, current, action, rules, ct), now);
            if (outcome is not ChangeOutcome.Changed { Change: var change })
            {
                return Answer(current, outcome);
            }

            var writes = new SqlBatch();
            var next = await CaseChangeWriter.WriteAsync(connection, transaction, writes, keys, change, CaseGuard.VersionChecked, ct);
            await writes.ExecuteAsync(connection, transaction, ct);
            if (change.ClosesFollowers)
            {
                await CloseFollowersAsync(connection, transaction, next, actor, rules, now, ct);
            }

            return new ActOutcome.Done(next);
        }, cancellationToken, commitWhen: outcome => outcome is ActOutcome.Done);
    }

    private static ActOutcome Answer(Case current, ChangeOutcome refusal) => refusal switch
    {
        ChangeOutcome.Refused refused => new ActOutcome.Refused(current, refused.Decision),
        ChangeOutcome.Invalid invalid => new ActOutcome.Invalid(invalid.Field, invalid.Problem),
        _ => throw new InvalidOperationException($"{refusal.GetType().Name} is not a refusal."),
    };

    /// <summary>The cases merged into <paramref name="master"/> close with it, each a change of its own, in the same transaction.</summary>
    private async Task CloseFollowersAsync(DbConnection connection, DbTransaction transaction, Case master, Actor actor, DeadlineRules rules,
        DateTimeOffset now, CancellationToken ct)
    {
        var followers = await connection.QueryAsync<Guid>(new CommandDefinition(
            "select id from cases where master_case_id = @Id and status = @Merged",
            new { master.Id, Merged = CaseState.Merged.ToWire() }, transaction, cancellationToken: ct));
        var request = new CaseRequest.ByMaster(master.Number, actor.ToString());
        foreach (var id in followers)
        {
            var follower = (await FindByIdAsync(connection, transaction, id, ct))!;
            var clocks = await CaseClockStore.ReadForAsync(connection, transaction, follower, CaseAction.CloseWithMaster, rules, ct);
            if (CaseChanges.Decide(follower, request, clocks, now) is ChangeOutcome.Changed { Change: var change })
            {
                var writes = new SqlBatch();
                await CaseChangeWriter.WriteAsync(connection, transaction, writes, keys, change, CaseGuard.VersionChecked, ct);
                await writes.ExecuteAsync(connection, transaction, ct);
            }
        }
    }

    public Task<Case?> FindByNumberAsync(string number, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) => GetAsync(connection, null, "number = @Number", new { Number = number }, ct), cancellationToken);

    public static Task<Case?> FindByIdAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken ct) =>
        GetAsync(connection, transaction, "id = @Id", new { Id = id }, ct);

    /// <summary>
    /// The first step of a consumer's unit of work on one case, in one round trip: records <paramref name="messageId"/> in the inbox for
    /// <paramref name="consumer"/> and reads the case, locked until the transaction ends (nobody can change it meanwhile, so its update
    /// can travel with the other writes), with its assisting departments and its clocks. Null when this consumer already applied the
    /// message (a redelivery or a duplicate publish): it must change nothing.
    /// </summary>
    public static async Task<ReceivedCase?> ReceiveAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect,
        Guid messageId, string consumer, Guid caseId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            {dialect.InsertInboxSql};
            {SelectCaseColumns}
            from cases{dialect.UpdateLockHint} where id = @Id{dialect.ForUpdateClause};
            select department_code from case_assisting_departments where case_id = @Id order by department_code;
            {CaseClockStore.SelectClock} where case_id = @Id order by kind desc
            """, new { MessageId = messageId, Consumer = consumer, ProcessedAt = now, Id = caseId }, transaction, cancellationToken: ct));
        var recorded = await results.ReadFirstOrDefaultAsync<int?>() is not null;
        var row = await results.ReadSingleOrDefaultAsync<CaseRow>();
        var assisting = await results.ReadAsync<string>();
        var clocks = await CaseClockStore.ReadAsync(results);
        return recorded ? new ReceivedCase(row?.ToCase([.. assisting]), clocks) : null;
    }

    /// <summary>
    /// The cases of <paramref name="ids"/> that exist, with their assisting departments, in one round trip; locked until the transaction
    /// ends (taken in the order of their ids, so two such reads cannot deadlock each other): nobody else can change them meanwhile.
    /// </summary>
    public static async Task<Dictionary<Guid, Case>> LockManyByIdAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect,
        IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            {SelectCaseColumns}
            from cases{dialect.UpdateLockHint} where {dialect.InList("id", "Ids")} order by id{dialect.ForUpdateClause};
            select case_id, department_code from case_assisting_departments where {dialect.InList("case_id", "Ids")} order by case_id, department_code
            """, new { Ids = ids.ToArray() }, transaction, cancellationToken: ct));
        var rows = (await results.ReadAsync<CaseRow>()).ToList();
        var assisting = (await results.ReadAsync<(Guid CaseId, string DepartmentCode)>()).ToLookup(a => a.CaseId, a => a.DepartmentCode);
        return rows.ToDictionary(r => r.Id, r => r.ToCase([.. assisting[r.Id]]));
    }

    /// <summary>
    /// A department's inbox: the cases where one of <paramref name="departments"/> is lead, handling or assisting,
    /// open ones by default, oldest dispatch first.
    /// </summary>
    public Task<CasePage> InboxAsync(IReadOnlyList<string> departments, InboxFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var dialect = database.Dialect;
        var where = $"""
            where ({dialect.InList("c.lead_department_code", "Departments")} or {dialect.InList("c.handling_department_code", "Departments")}
                   or exists (select 1 from case_assisting_departments a where a.case_id = c.id and {dialect.InList("a.department_code", "Departments")}))
              and (@Status is null or c.status = @Status)
              and (@Status is not null or c.status not in ('closed', 'merged'))
              and (@CategoryLike is null or c.category_code like @CategoryLike)
              and (@Urgency is null or c.urgency = @Urgency)
              and (@DueBefore is null or c.next_due_at <= @DueBefore)
            """;
        var parameters = new
        {
            Departments = departments.ToArray(), filter.Status, CategoryLike = filter.CategoryPrefix is null ? null : filter.CategoryPrefix + "%",
            filter.Urgency, Skip = (filter.Page - 1) * filter.PageSize, Take = filter.PageSize,
            DueBefore = filter.DueWithinHours is { } hours ? clock.GetUtcNow().AddHours(hours) : (DateTimeOffset?)null,
        };
        return database.ReadAsync(async (connection, ct) =>
        {
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"select count(*) from cases c {where}", parameters, cancellationToken: ct));
            var items = await connection.QueryAsync<CaseSummary>(new CommandDefinition(
                $"{SelectSummary} {where} order by case when c.next_due_at is null then 1 else 0 end, c.next_due_at, c.dispatched_at, c.id offset @Skip rows fetch next @Take rows only", parameters,
                cancellationToken: ct));
            return new CasePage([.. items], filter.Page, filter.PageSize, total);
        }, cancellationToken);
    }

    /// <summary>A caller's earlier cases, newest first (repeat callers are common).</summary>
    public Task<IReadOnlyList<CaseSummary>> ByCallerPhoneAsync(string phone, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CaseSummary>>(async (connection, ct) =>
            [.. await connection.QueryAsync<CaseSummary>(new CommandDefinition(
                $"{SelectSummary} where c.caller_phone = @Phone order by c.filed_at desc, c.id offset 0 rows fetch next @Limit rows only",
                new { Phone = phone, Limit = limit }, cancellationToken: ct))],
            cancellationToken);

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

    /// <summary>The case's return-visit attempts, first first; null when there is no such case. Their comments live only here.</summary>
    public Task<IReadOnlyList<ReturnVisit>?> VisitsAsync(string number, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ReturnVisit>?>(async (connection, ct) =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
                select count(*) from cases where number = @Number;
                select v.attempt as {nameof(ReturnVisit.Attempt)}, v.reached as {nameof(ReturnVisit.Reached)}, v.resolved as {nameof(ReturnVisit.Resolved)},
                       v.satisfaction as {nameof(ReturnVisit.Satisfaction)}, v.comment as {nameof(ReturnVisit.Comment)},
                       v.visited_by as {nameof(ReturnVisit.VisitedBy)}, v.visited_at as {nameof(ReturnVisit.VisitedAt)}
                from case_visits v join cases c on c.id = v.case_id where c.number = @Number order by v.attempt
                """, new { Number = number }, cancellationToken: ct));
            return await results.ReadSingleAsync<int>() == 0 ? null : [.. await results.ReadAsync<ReturnVisit>()];
        }, cancellationToken);

    /// <summary>Checks the case's audit trail against the case (<see cref="AuditChain.Verify"/>); null when there is no such case.</summary>
    public Task<AuditVerification?> VerifyAuditAsync(string number, CancellationToken cancellationToken) =>
        database.ReadAsync<AuditVerification?>(async (connection, ct) =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
                select id as {nameof(CaseHeadRow.Id)}, version as {nameof(CaseHeadRow.Version)}, status as {nameof(CaseHeadRow.Status)},
                       audit_hash as {nameof(CaseHeadRow.AuditHash)}
                from cases where number = @Number;
                {SelectSealedAuditRows} where case_id = (select id from cases where number = @Number) order by seq
                """, new { Number = number }, cancellationToken: ct));
            if (await results.ReadSingleOrDefaultAsync<CaseHeadRow>() is not { } head)
            {
                return null;
            }

            var rows = (await results.ReadAsync<AuditRow>()).Select(r => r.ToStored()).ToList();
            var verdict = AuditChain.Verify(keys, head.Id, new CaseHead(head.Version, head.Status, head.AuditHash), rows);
            return new AuditVerification(number, rows.Count, head.Version, verdict.Intact, (int?)verdict.FirstBrokenSeq, verdict.Problem);
        }, cancellationToken);

    /// <summary>A case's audit rows with their seals: what verification reads (add the where and the order).</summary>
    internal const string SelectSealedAuditRows = $"""
        select case_id as {nameof(AuditRow.CaseId)}, seq as {nameof(AuditRow.Seq)}, action as {nameof(AuditRow.Action)},
               from_state as {nameof(AuditRow.FromState)}, to_state as {nameof(AuditRow.ToState)}, actor as {nameof(AuditRow.Actor)},
               reason as {nameof(AuditRow.Reason)}, decided_by as {nameof(AuditRow.DecidedBy)}, decided_by_id as {nameof(AuditRow.DecidedById)},
               decided_by_version as {nameof(AuditRow.DecidedByVersion)}, occurred_at as {nameof(AuditRow.OccurredAt)},
               hash as {nameof(AuditRow.Hash)}, key_id as {nameof(AuditRow.KeyId)}
        from case_audit
        """;

    private static async Task<Case?> GetAsync(DbConnection connection, DbTransaction? transaction, string where, object parameters,
        CancellationToken ct)
    {
        // The case and its assisting departments in one round trip.
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            {SelectCase} where {where};
            select department_code from case_assisting_departments where case_id = (select c.id from cases c where {where}) order by department_code
            """, parameters, transaction, cancellationToken: ct));
        var row = await results.ReadSingleOrDefaultAsync<CaseRow>();
        var assisting = await results.ReadAsync<string>();
        return row?.ToCase([.. assisting]);
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
        public string? HandlingDepartmentCode { get; init; }
        public Guid? MasterCaseId { get; init; }
        public string? Reply { get; init; }
        public DateTimeOffset? PendingExtensionUntil { get; init; }
        public DateTimeOffset? ExtendedUntil { get; init; }
        public int VisitAttempts { get; init; }
        public int RedoCount { get; init; }
        public string? CloseOutcome { get; init; }
        public DateTimeOffset? SignedAt { get; init; }
        public DateTimeOffset? ResolvedAt { get; init; }
        public string? MasterNumber { get; init; }
        public DateTimeOffset? SignOffOverdueAt { get; init; }
        public DateTimeOffset? ReplyOverdueAt { get; init; }
        public DateTimeOffset? NextDueAt { get; init; }
        public string? AuditHash { get; init; }

        public Case ToCase(IReadOnlyList<string> assisting) => new(Id, Number, CaseStates.Parse(Status), Version, RequestType,
            CategoryCode, Channel, Urgency, new Caller(CallerName, CallerPhone, CallerConfidential),
            new CaseLocation(DistrictCode, StreetCode, CommunityCode, GridCode, Address, Latitude, Longitude), Title, Content,
            LeadDepartmentCode, assisting, FiledBy, FiledAt, DispatchedAt, ClosedAt, UpdatedAt)
        {
            HandlingDepartmentCode = HandlingDepartmentCode,
            MasterCaseId = MasterCaseId,
            Reply = Reply,
            PendingExtensionUntil = PendingExtensionUntil,
            ExtendedUntil = ExtendedUntil,
            VisitAttempts = VisitAttempts,
            RedoCount = RedoCount,
            CloseOutcome = CloseOutcome,
            SignedAt = SignedAt,
            ResolvedAt = ResolvedAt,
            MasterNumber = MasterNumber,
            SignOffOverdueAt = SignOffOverdueAt,
            ReplyOverdueAt = ReplyOverdueAt,
            NextDueAt = NextDueAt,
            AuditHash = AuditHash,
        };
    }

    private sealed class CaseHeadRow
    {
        public Guid Id { get; init; }
        public int Version { get; init; }
        public string Status { get; init; } = "";
        public string? AuditHash { get; init; }
    }

    internal sealed class AuditRow
    {
        public Guid CaseId { get; init; }
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
        public string? Hash { get; init; }
        public string? KeyId { get; init; }

        public StoredAuditRow ToStored() => new(ToEntry(), Hash, KeyId);

        public AuditEntry ToEntry() => new(Seq, Action, FromState, ToState, Actor, Reason, DecidedBy, DecidedById, DecidedByVersion, OccurredAt);
    }
}

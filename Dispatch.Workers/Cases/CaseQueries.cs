using Dapper;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Cases;

/// <summary>
/// Answers questions about cases, outside any change: a case by its number, a department's inbox, a caller's earlier cases, a
/// case's history, its return visits, and whether its audit trail holds. Each on a connection of its own.
/// </summary>
public sealed class CaseQueries(Database database, TimeProvider clock, AuditKeyRing keys)
{
    /// <summary>The columns of a <see cref="CaseSummary"/>, from cases c (a caller's history reads the same list).</summary>
    internal const string SelectSummary = $"""
        select c.number as {nameof(CaseSummary.Number)}, c.status as {nameof(CaseSummary.Status)},
               c.request_type as {nameof(CaseSummary.RequestType)}, c.category_code as {nameof(CaseSummary.CategoryCode)},
               c.urgency as {nameof(CaseSummary.Urgency)}, c.title as {nameof(CaseSummary.Title)},
               c.lead_department_code as {nameof(CaseSummary.LeadDepartmentCode)},
               c.handling_department_code as {nameof(CaseSummary.HandlingDepartmentCode)},
               c.filed_at as {nameof(CaseSummary.FiledAt)}, c.dispatched_at as {nameof(CaseSummary.DispatchedAt)},
               c.signed_at as {nameof(CaseSummary.SignedAt)}, c.pending_extension_until as {nameof(CaseSummary.PendingExtensionUntil)},
               c.redo_count as {nameof(CaseSummary.RedoCount)}, c.next_due_at as {nameof(CaseSummary.NextDueAt)},
               c.signoff_overdue_at as {nameof(CaseSummary.SignOffOverdueAt)}, c.reply_overdue_at as {nameof(CaseSummary.ReplyOverdueAt)},
               case when exists (
                   select 1 from case_clocks k
                   join case_alarms a on a.case_id = k.case_id and a.clock_kind = k.kind and a.generation = k.generation
                   where k.case_id = c.id and k.state = 'running' and a.kind = 'warning' and a.fired_at is not null)
                   then 1 else 0 end as {nameof(CaseSummary.WarningFired)}
        from cases c
        """;

    /// <summary>The filters a list of cases shares, the department inbox and the center's list alike.</summary>
    private const string FilterSql = """
              and (@Status is null or c.status = @Status)
              and (@Status is not null or c.status not in ('closed', 'merged'))
              and (@CategoryLike is null or c.category_code like @CategoryLike)
              and (@Urgency is null or c.urgency = @Urgency)
              and (@DueBefore is null or c.next_due_at <= @DueBefore)
              and (@PendingExtension is null or (@PendingExtension = 1 and c.pending_extension_until is not null)
                   or (@PendingExtension = 0 and c.pending_extension_until is null))
              and (@LeadDepartmentCode is null or c.lead_department_code = @LeadDepartmentCode)
        """;

    /// <summary>Nearest deadline first, cases without a running clock after; among equals the one dispatched first.</summary>
    private const string InboxOrder = "order by case when c.next_due_at is null then 1 else 0 end, c.next_due_at, c.dispatched_at, c.id";

    /// <summary>As the inbox, but among equals the one unchanged longest: a return or a filed case waits since its last change.</summary>
    private const string ListOrder = "order by case when c.next_due_at is null then 1 else 0 end, c.next_due_at, c.updated_at, c.id";

    public Task<Case?> FindByNumberAsync(string number, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) => CaseReader.FindByNumberAsync(connection, null, number, ct), cancellationToken);

    /// <summary>
    /// A department's inbox: the cases where one of <paramref name="departments"/> is lead, handling or assisting,
    /// open ones by default, nearest deadline first.
    /// </summary>
    public Task<CasePage> InboxAsync(IReadOnlyList<string> departments, InboxFilter filter, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        return PageAsync($"""
            where ({dialect.InList("c.lead_department_code", "Departments")} or {dialect.InList("c.handling_department_code", "Departments")}
                   or exists (select 1 from case_assisting_departments a where a.case_id = c.id and {dialect.InList("a.department_code", "Departments")}))
            {FilterSql}
            """, InboxOrder, departments, filter, cancellationToken);
    }

    /// <summary>The center's list of cases, whichever department has them: open ones by default, nearest deadline first.</summary>
    public Task<CasePage> ListAsync(InboxFilter filter, CancellationToken cancellationToken) =>
        PageAsync($"""
            where 1 = 1
            {FilterSql}
            """, ListOrder, [], filter, cancellationToken);

    private Task<CasePage> PageAsync(string where, string order, IReadOnlyList<string> departments, InboxFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow();
        var parameters = new
        {
            Departments = departments.ToArray(), filter.Status, CategoryLike = filter.CategoryPrefix is null ? null : filter.CategoryPrefix + "%",
            filter.Urgency, Skip = (filter.Page - 1) * filter.PageSize, Take = filter.PageSize,
            DueBefore = filter.DueWithinHours is { } hours ? now.AddHours(hours) : (DateTimeOffset?)null,
            PendingExtension = filter.PendingExtension switch { true => 1, false => 0, null => (int?)null },
            filter.LeadDepartmentCode,
        };
        return database.ReadAsync(async (connection, ct) =>
        {
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"select count(*) from cases c {where}", parameters, cancellationToken: ct));
            var items = await connection.QueryAsync<CaseSummary>(new CommandDefinition(
                $"{SelectSummary} {where} {order} offset @Skip rows fetch next @Take rows only", parameters, cancellationToken: ct));
            return new CasePage([.. items.Select(i => i.AsOf(now))], filter.Page, filter.PageSize, total);
        }, cancellationToken);
    }

    /// <summary>A caller's earlier cases, newest first (repeat callers are common).</summary>
    public Task<IReadOnlyList<CaseSummary>> ByCallerPhoneAsync(string phone, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CaseSummary>>(async (connection, ct) =>
        {
            var now = clock.GetUtcNow();
            return [.. (await connection.QueryAsync<CaseSummary>(new CommandDefinition(
                $"{SelectSummary} where c.caller_phone = @Phone order by c.filed_at desc, c.id offset 0 rows fetch next @Limit rows only",
                new { Phone = phone, Limit = limit }, cancellationToken: ct))).Select(c => c.AsOf(now))];
        }, cancellationToken);

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
                       decided_by_version as {nameof(AuditRow.DecidedByVersion)}, occurred_at as {nameof(AuditRow.OccurredAt)},
                       knowledge_entry_ids as {nameof(AuditRow.KnowledgeEntryIds)}
                from case_audit where case_id = @Id order by seq
                """, new { Id = id }, cancellationToken: ct));
            return [.. rows.Select(r => r.ToEntry())];
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
                {AuditRow.SelectSealed} where case_id = (select id from cases where number = @Number) order by seq
                """, new { Number = number }, cancellationToken: ct));
            if (await results.ReadSingleOrDefaultAsync<CaseHeadRow>() is not { } head)
            {
                return null;
            }

            var rows = (await results.ReadAsync<AuditRow>()).Select(r => r.ToStored()).ToList();
            var verdict = AuditChain.Verify(keys, head.Id, new CaseHead(head.Version, head.Status, head.AuditHash), rows);
            return new AuditVerification(number, rows.Count, head.Version, verdict.Intact, (int?)verdict.FirstBrokenSeq, verdict.Problem);
        }, cancellationToken);

    /// <summary>Where the case's reply clock stands (<see cref="Access.AllowedActions.NeedsReplyClock"/> says when that matters).</summary>
    public Task<Access.ReplyClock> ReplyClockAsync(Guid caseId, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) => (await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select state from case_clocks where case_id = @Id and kind = @Kind", new { Id = caseId, Kind = Deadlines.ClockKinds.Reply },
            cancellationToken: ct))) switch
        {
            Deadlines.ClockStates.Running => Access.ReplyClock.Running,
            Deadlines.ClockStates.Paused => Access.ReplyClock.Paused,
            _ => Access.ReplyClock.None,
        }, cancellationToken);

    private sealed class CaseHeadRow
    {
        public Guid Id { get; init; }
        public int Version { get; init; }
        public string Status { get; init; } = "";
        public string? AuditHash { get; init; }
    }
}

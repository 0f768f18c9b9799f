using System.Data.Common;
using Dapper;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Cases;

/// <summary>
/// Reads a case inside a unit of work that may change it, each read one round trip: as it is, or locked until the transaction ends
/// (so the change's update can travel in its batch, see <see cref="CaseGuard.RowLocked"/>).
/// </summary>
public static class CaseReader
{
    private const string SelectCase = $"""
        {CaseRow.SelectColumns}
        from cases
        """;

    /// <summary>The case numbered <paramref name="number"/> with its assisting departments; null when there is none.</summary>
    public static Task<Case?> FindByNumberAsync(DbConnection connection, DbTransaction? transaction, string number, CancellationToken ct) =>
        GetAsync(connection, transaction, "number = @Number", new { Number = number }, ct);

    public static Task<Case?> FindByIdAsync(DbConnection connection, DbTransaction? transaction, Guid id, CancellationToken ct) =>
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
            {CaseRow.SelectColumns}
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
        ArgumentNullException.ThrowIfNull(ids);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            {CaseRow.SelectColumns}
            from cases{dialect.UpdateLockHint} where {dialect.InList("id", "Ids")} order by id{dialect.ForUpdateClause};
            select case_id, department_code from case_assisting_departments where {dialect.InList("case_id", "Ids")} order by case_id, department_code
            """, new { Ids = ids.ToArray() }, transaction, cancellationToken: ct));
        var rows = (await results.ReadAsync<CaseRow>()).ToList();
        var assisting = (await results.ReadAsync<(Guid CaseId, string DepartmentCode)>()).ToLookup(a => a.CaseId, a => a.DepartmentCode);
        return rows.ToDictionary(r => r.Id, r => r.ToCase([.. assisting[r.Id]]));
    }

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
}

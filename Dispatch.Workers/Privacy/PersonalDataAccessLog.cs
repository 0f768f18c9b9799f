using Dapper;
using Dispatch.Workers.Access;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Privacy;

/// <summary>
/// Who saw a caller's identity: one row per case per answer that showed a caller's name or phone unmasked (who, when, through which
/// endpoint, which case; never the caller), appended before the answer is given. The table refuses updates and deletes.
/// </summary>
public sealed class PersonalDataAccessLog(Database database, TimeProvider clock)
{
    // One statement per answer, whatever the number of cases: the rows are made from the cases themselves, so a lookup's list travels
    // as one list parameter (on PostgreSQL an array: one text, prepared once) instead of one insert per case. No transaction around
    // it: a single statement commits by itself, durably, without a round trip of its own for the commit.
    private readonly string _recordSql = $"""
        insert into personal_data_access (accessed_at, actor, username, role, endpoint, case_number, cases_shown)
        select @AccessedAt, @Actor, @Username, @Role, @Endpoint, c.number, @CasesShown
        from cases c where {database.Dialect.InList("c.number", "Numbers")}
        """;

    /// <summary>
    /// Records that <paramref name="actor"/> was shown the callers of <paramref name="caseNumbers"/> through <paramref name="endpoint"/>;
    /// <paramref name="casesShown"/> is the length of a list answer (a caller lookup). Throws when a row could not be written: the
    /// answer must then not be given.
    /// </summary>
    public async Task RecordAsync(Actor actor, string endpoint, IReadOnlyCollection<string> caseNumbers, int? casesShown,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(caseNumbers);
        var numbers = caseNumbers.Distinct(StringComparer.Ordinal).ToArray();
        if (numbers.Length == 0)
        {
            return;
        }

        var parameters = new
        {
            AccessedAt = clock.GetUtcNow(), Actor = actor.ToString(), actor.Username, actor.Role, Endpoint = endpoint, CasesShown = casesShown,
            Numbers = numbers,
        };
        var recorded = await database.ReadAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(_recordSql, parameters,
            cancellationToken: ct)), cancellationToken);
        if (recorded != numbers.Length)
        {
            throw new InvalidOperationException($"Recorded {recorded} of {numbers.Length} personal-data accesses through {endpoint}: a case shown does not exist.");
        }
    }

    /// <summary>The log, newest first, filtered; the page and the total matching, in one round trip.</summary>
    public Task<PersonalDataAccessPage> ListAsync(PersonalDataAccessFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // Only the conditions asked for, each a constant fragment: the database picks the index that fits (case, person or time)
        // instead of one plan for "any of them, maybe".
        List<string> conditions = [];
        if (filter.Username is not null)
        {
            conditions.Add("username = @Username");
        }

        if (filter.CaseNumber is not null)
        {
            conditions.Add("case_number = @CaseNumber");
        }

        if (filter.Endpoint is not null)
        {
            conditions.Add("endpoint = @Endpoint");
        }

        if (filter.From is not null)
        {
            conditions.Add("accessed_at >= @From");
        }

        if (filter.To is not null)
        {
            conditions.Add("accessed_at < @To");
        }

        var where = conditions.Count == 0 ? "" : "where " + string.Join(" and ", conditions);
        var parameters = new
        {
            filter.Username, filter.CaseNumber, filter.Endpoint, filter.From, filter.To, Skip = (filter.Page - 1) * filter.PageSize, Take = filter.PageSize,
        };
        return database.ReadAsync(async (connection, ct) =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
                select count(*) from personal_data_access {where};
                select id as {nameof(PersonalDataAccess.Id)}, accessed_at as {nameof(PersonalDataAccess.AccessedAt)},
                       actor as {nameof(PersonalDataAccess.Actor)}, username as {nameof(PersonalDataAccess.Username)},
                       role as {nameof(PersonalDataAccess.Role)}, endpoint as {nameof(PersonalDataAccess.Endpoint)},
                       case_number as {nameof(PersonalDataAccess.CaseNumber)}, cases_shown as {nameof(PersonalDataAccess.CasesShown)}
                from personal_data_access {where}
                order by accessed_at desc, id desc offset @Skip rows fetch next @Take rows only
                """, parameters, cancellationToken: ct));
            var total = await results.ReadSingleAsync<long>();
            var items = await results.ReadAsync<PersonalDataAccess>();
            return new PersonalDataAccessPage([.. items], filter.Page, filter.PageSize, total);
        }, cancellationToken);
    }
}

/// <summary>Filters of the access log; a null one does not restrict. <see cref="To"/> is exclusive.</summary>
public sealed record PersonalDataAccessFilter(
    string? Username, string? CaseNumber, string? Endpoint, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize);

/// <summary>One access: <see cref="Actor"/> as audit rows name people; <see cref="CasesShown"/> the length of a lookup's answer.</summary>
public sealed class PersonalDataAccess
{
    public long Id { get; init; }
    public DateTimeOffset AccessedAt { get; init; }
    public string Actor { get; init; } = "";
    public string Username { get; init; } = "";
    public string Role { get; init; } = "";
    public string Endpoint { get; init; } = "";
    public string CaseNumber { get; init; } = "";
    public int? CasesShown { get; init; }
}

public sealed record PersonalDataAccessPage(IReadOnlyList<PersonalDataAccess> Items, int Page, int PageSize, long Total);

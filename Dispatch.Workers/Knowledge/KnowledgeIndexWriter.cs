using System.Data.Common;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Keeps the search index (<c>knowledge_postings</c>, <c>knowledge_terms</c>) true to the published entries, inside the transaction
/// of the change that publishes, edits or withdraws one: a search never finds an entry that is not published, nor misses one that is.
/// Only published entries are indexed (validity and scope change with the date and the place asked about, so the search checks
/// them). Each term's count of entries is kept with it (its IDF), and the empty term '' is had by every indexed entry, so that its
/// count is the number of entries searched.
/// </summary>
public static class KnowledgeIndexWriter
{
    /// <summary>The term every indexed entry has: its count is the number of entries searched.</summary>
    public const string EveryEntry = "";

    private static readonly RowInsert Postings = new("knowledge_postings",
        ("term", typeof(string)), ("entry_id", typeof(long)), ("weight", typeof(float)));

    private static readonly RowInsert NewTerms = new("knowledge_terms", ("term", typeof(string)), ("entries", typeof(int)));

    // A list parameter is spread into one parameter per element on SQL Server: lists go in chunks well under its 2,100.
    private const int Chunk = 1_000;

    private const string RemovePostgreSql = "delete from knowledge_postings where entry_id = @Id returning term";

    private const string RemoveSqlServer = "delete from knowledge_postings output deleted.term where entry_id = @Id";

    /// <summary>Ordered by term, so that concurrent changes lock the terms they share in the same order.</summary>
    private const string CountInPostgreSql = """
        insert into knowledge_terms (term, entries)
        select t.term, 1 from unnest(@Terms) as t(term) order by t.term
        on conflict (term) do update set entries = knowledge_terms.entries + 1
        """;

    private const string ExistingTermsSqlServer = "select term from knowledge_terms with (updlock, holdlock) where term in @Terms";

    private const string CountUpSqlServer = "update knowledge_terms set entries = entries + 1 where term in @Terms";

    /// <summary>Indexes <paramref name="entry"/> (published) into <paramref name="writes"/>; the caller sends the batch.</summary>
    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, SqlBatch writes, KnowledgeEntry entry,
        KnowledgeTerms terms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(terms);
        var postings = terms.Postings(entry.Title, entry.Keywords, entry.Content);
        postings[EveryEntry] = 0;
        var ordered = postings.Keys.Order(StringComparer.Ordinal).ToArray();
        foreach (var term in ordered)
        {
            writes.Insert(Postings, term, entry.Id, postings[term]);
        }

        await CountAsync(connection, transaction, dialect, writes, ordered, ct);
    }

    /// <summary>Removes <paramref name="entryId"/> from the index (a round trip of its own: its terms' counts go down with it).</summary>
    public static async Task RemoveAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, SqlBatch writes, long entryId,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(writes);
        // What was written before in this batch goes first (the delete must see it).
        await writes.ExecuteAsync(connection, transaction, ct);
        var removed = (await connection.QueryAsync<string>(new CommandDefinition(
            dialect.Provider == DatabaseProvider.SqlServer ? RemoveSqlServer : RemovePostgreSql, new { Id = entryId }, transaction, cancellationToken: ct)))
            .Order(StringComparer.Ordinal).ToArray();
        foreach (var chunk in removed.Chunk(Chunk))
        {
            writes.Add($"update knowledge_terms set entries = entries - 1 where {dialect.InList("term", "Terms")}", new { Terms = chunk });
        }
    }

    private static async Task CountAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, SqlBatch writes, string[] terms,
        CancellationToken ct)
    {
        // PostgreSQL counts every term up in one upsert. SQL Server has no "on conflict": the terms it has are locked (key-range, so a
        // concurrent first use waits) and counted up, the others inserted, a chunk of its parameters at a time.
        foreach (var chunk in terms.Chunk(dialect.Provider == DatabaseProvider.SqlServer ? Chunk : int.MaxValue))
        {
            var counted = chunk;
            if (dialect.Provider == DatabaseProvider.SqlServer)
            {
                var existing = (await connection.QueryAsync<string>(new CommandDefinition(ExistingTermsSqlServer, new { Terms = chunk }, transaction,
                    cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
                counted = [.. chunk.Where(existing.Contains)];
                foreach (var term in chunk.Where(t => !existing.Contains(t)))
                {
                    writes.Insert(NewTerms, term, 1);
                }
            }

            if (counted.Length > 0)
            {
                writes.Add(dialect.Provider == DatabaseProvider.SqlServer ? CountUpSqlServer : CountInPostgreSql, new { Terms = counted });
            }
        }
    }
}

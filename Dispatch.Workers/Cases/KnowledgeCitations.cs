using System.Data.Common;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Cases;

/// <summary>
/// What a direct answer may cite: knowledge entries (<c>knowledge_entries</c>, migration 0013) that are published. Read inside the
/// unit of work that answers, so the change is decided on what was published when it was written; the citations themselves are
/// written with the change (<see cref="CaseRecord.Cited"/>).
/// </summary>
public static class KnowledgeCitations
{
    /// <summary>The status of an entry agents may find and cite (the knowledge base's own code names the others).</summary>
    private const string Published = "published";

    private static readonly IReadOnlySet<long> None = new HashSet<long>();

    /// <summary>Those of <paramref name="ids"/> that are published knowledge entries: one round trip, none when nothing is cited.</summary>
    public static async Task<IReadOnlySet<long>> PublishedAsync(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect,
        IReadOnlyList<long> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return None;
        }

        return (await connection.QueryAsync<long>(new CommandDefinition(
            $"select id from knowledge_entries where {dialect.InList("id", "Ids")} and status = @Published",
            new { Ids = ids.ToArray(), Published }, transaction, cancellationToken: ct))).ToHashSet();
    }
}

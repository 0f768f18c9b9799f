using System.Data.Common;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Messaging;

/// <summary>
/// What makes a consumer idempotent: inside the consumer's transaction, record that this consumer applied
/// this message. A redelivery (or a duplicate publish of the same outbox row) finds the row and does nothing.
/// A consumer that reads more in the same transaction sends <see cref="ISqlDialect.InsertInboxSql"/> at the head of that read
/// (see <see cref="Cases.CaseStore.ReceiveAsync"/>); this is the same record on its own.
/// </summary>
public static class Inbox
{
    public static async Task<bool> TryRecordAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect,
        Guid messageId, string consumer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return await connection.QueryFirstOrDefaultAsync<int?>(new CommandDefinition(dialect.InsertInboxSql,
            new { MessageId = messageId, Consumer = consumer, ProcessedAt = now }, transaction, cancellationToken: cancellationToken)) is not null;
    }
}

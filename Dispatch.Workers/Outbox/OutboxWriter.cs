using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Dispatch.Workers.Outbox;

/// <summary>Adds outgoing messages inside the caller's transaction; the relay publishes them after commit.</summary>
public static class OutboxWriter
{
    public static Task AddAsync(DbConnection connection, DbTransaction transaction, Guid? caseId, object message,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            insert into outbox (message_id, message_type, payload, case_id, created_at, attempts)
            values (@MessageId, @MessageType, @Payload, @CaseId, @CreatedAt, 0)
            """,
            new
            {
                MessageId = Guid.CreateVersion7(now),
                // The runtime type, not the static one: events often travel as object.
                MessageType = MessageTypes.NameOf(message.GetType()),
                Payload = JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web),
                CaseId = caseId,
                CreatedAt = now,
            }, transaction, cancellationToken: cancellationToken));
}

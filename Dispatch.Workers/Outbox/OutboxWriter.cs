using System.Text.Json;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Outbox;

/// <summary>Adds outgoing messages to the caller's writes, inside its transaction; the relay publishes them after commit.</summary>
public static class OutboxWriter
{
    public static void Add(SqlBatch writes, Guid? caseId, object message, DateTimeOffset now) =>
        writes.Add("""
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
            });
}

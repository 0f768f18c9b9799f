using System.Text.Json;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Outbox;

/// <summary>Adds outgoing messages to the caller's writes, inside its transaction; the relay publishes them after commit.</summary>
public static class OutboxWriter
{
    private static readonly RowInsert Rows = new("outbox",
        ("message_id", typeof(Guid)), ("message_type", typeof(string)), ("payload", typeof(string)), ("case_id", typeof(Guid?)),
        ("created_at", typeof(DateTimeOffset)), ("attempts", typeof(int)));

    public static void Add(SqlBatch writes, Guid? caseId, object message, DateTimeOffset now) =>
        writes.Insert(Rows,
            Guid.CreateVersion7(now),
            // The runtime type, not the static one: events often travel as object.
            MessageTypes.NameOf(message.GetType()),
            JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web),
            caseId,
            now,
            0);
}

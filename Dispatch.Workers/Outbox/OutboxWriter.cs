using System.Text.Json;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Telemetry;

namespace Dispatch.Workers.Outbox;

/// <summary>
/// Adds outgoing messages to the caller's writes, inside its transaction. Once it commits, this process publishes them at once
/// (<see cref="OutboxHandOff"/>); the relay sends whatever a process could not (<see cref="OutboxRelay"/>).
/// </summary>
public static class OutboxWriter
{
    private static readonly RowInsert Rows = new("outbox",
        ("message_id", typeof(Guid)), ("message_type", typeof(string)), ("payload", typeof(string)), ("case_id", typeof(Guid?)),
        ("created_at", typeof(DateTimeOffset)), ("attempts", typeof(int)), ("trace_parent", typeof(string)), ("trace_state", typeof(string)));

    public static void Add(SqlBatch writes, Guid? caseId, object message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(message);
        // The runtime type, not the static one: events often travel as object.
        var type = message.GetType();
        var messageId = Guid.CreateVersion7(now);
        // The writer's trace context travels with the row, so the message joins its trace however late it is published.
        var (traceParent, traceState) = CaseTracing.CurrentContext();
        writes.Insert(Rows, messageId, MessageTypes.NameOf(type), JsonSerializer.Serialize(message, type, JsonSerializerOptions.Web), caseId, now, 0,
                traceParent, traceState)
            .AfterCommit(new OutboxMessage(messageId, message, type, traceParent, traceState));
    }
}

namespace Dispatch.Workers.Outbox;

/// <summary>
/// A message as its outbox row holds it: the id it is published with, the message and its contract type, and the W3C trace
/// context of the unit of work that wrote it (null when nothing was traced), which its publish span continues.
/// </summary>
public sealed record OutboxMessage(Guid MessageId, object Message, Type Type, string? TraceParent = null, string? TraceState = null);

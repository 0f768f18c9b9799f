namespace Dispatch.Workers.Outbox;

/// <summary>A message as its outbox row holds it: the id it is published with, the message and its contract type.</summary>
public sealed record OutboxMessage(Guid MessageId, object Message, Type Type);

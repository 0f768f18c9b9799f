namespace Dispatch.Workers.Knowledge;

/// <summary>
/// One version of an entry: what was done (created, edited, submitted, published, returned, archived, imported), the status after
/// it, who did it and when, the editor's reason where one was given, and the whole entry as it then was.
/// </summary>
public sealed record KnowledgeVersion(int Version, string Action, string Status, DateTimeOffset ChangedAt, string ChangedBy, string? Reason,
    KnowledgeEntry? Entry);

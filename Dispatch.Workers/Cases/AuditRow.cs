namespace Dispatch.Workers.Cases;

/// <summary>A <c>case_audit</c> row as read, with its seal: what the history shows and verification checks.</summary>
internal sealed class AuditRow
{
    /// <summary>A case's audit rows with their seals: what verification reads (add the where and the order).</summary>
    public const string SelectSealed = $"""
        select case_id as {nameof(CaseId)}, seq as {nameof(Seq)}, action as {nameof(Action)},
               from_state as {nameof(FromState)}, to_state as {nameof(ToState)}, actor as {nameof(Actor)},
               reason as {nameof(Reason)}, decided_by as {nameof(DecidedBy)}, decided_by_id as {nameof(DecidedById)},
               decided_by_version as {nameof(DecidedByVersion)}, occurred_at as {nameof(OccurredAt)},
               hash as {nameof(Hash)}, key_id as {nameof(KeyId)}, knowledge_entry_ids as {nameof(KnowledgeEntryIds)}
        from case_audit
        """;

    public Guid CaseId { get; init; }
    public int Seq { get; init; }
    public string Action { get; init; } = "";
    public string? FromState { get; init; }
    public string ToState { get; init; } = "";
    public string Actor { get; init; } = "";
    public string? Reason { get; init; }
    public string? DecidedBy { get; init; }
    public long? DecidedById { get; init; }
    public int? DecidedByVersion { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public string? Hash { get; init; }
    public string? KeyId { get; init; }

    /// <summary>The cited knowledge entries as stored (<see cref="AuditEntry.FormatEntryIds"/>).</summary>
    public string? KnowledgeEntryIds { get; init; }

    public StoredAuditRow ToStored() => new(ToEntry(), Hash, KeyId);

    public AuditEntry ToEntry() => new(Seq, Action, FromState, ToState, Actor, Reason, DecidedBy, DecidedById, DecidedByVersion, OccurredAt)
    {
        KnowledgeEntryIds = AuditEntry.ParseEntryIds(KnowledgeEntryIds),
    };
}

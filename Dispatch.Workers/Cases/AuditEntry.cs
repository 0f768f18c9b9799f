using System.Globalization;

namespace Dispatch.Workers.Cases;

/// <summary>One row of a case's audit trail. <see cref="DecidedBy"/> names the rule or policy (and version) of an automatic decision.</summary>
public sealed record AuditEntry(
    int Seq,
    string Action,
    string? FromState,
    string ToState,
    string Actor,
    string? Reason,
    string? DecidedBy,
    long? DecidedById,
    int? DecidedByVersion,
    DateTimeOffset OccurredAt)
{
    /// <summary>
    /// The knowledge entries a direct answer cited (null: none; every other action cites none). Sealed with the row only when it holds
    /// some, so rows written before entries could be cited keep their seals (<see cref="AuditChain"/>). A list: the record's equality
    /// compares it by reference, so a spec compares it on its own.
    /// </summary>
    public IReadOnlyList<long>? KnowledgeEntryIds { get; init; }

    /// <summary>The cited entries as stored in <c>case_audit.knowledge_entry_ids</c> and sealed: ids joined by commas; null when none.</summary>
    public static string? FormatEntryIds(IReadOnlyList<long>? ids) =>
        ids is not { Count: > 0 } ? null : string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The cited entries read back from their stored form (<see cref="FormatEntryIds"/>).</summary>
    public static IReadOnlyList<long>? ParseEntryIds(string? stored) =>
        string.IsNullOrEmpty(stored) ? null : [.. stored.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture))];
}

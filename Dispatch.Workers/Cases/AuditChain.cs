using System.Globalization;
using Dispatch.Workers.Audit;

namespace Dispatch.Workers.Cases;

/// <summary>
/// A case's audit trail as a sealed chain (<see cref="SealedChain"/>): each row is sealed with the head of the row before it, and
/// the case keeps the head of its last row (<see cref="Case.AuditHash"/>), so the next row needs no extra read. Times count in
/// whole microseconds, what both databases keep.
/// </summary>
public static class AuditChain
{
    public static DateTimeOffset Truncate(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>The row to append (time in whole microseconds) and its seal, chained to <paramref name="previousHead"/>.</summary>
    public static (AuditEntry Entry, Seal Seal) Append(AuditKeyRing keys, string? previousHead, Guid caseId, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry = entry with { OccurredAt = Truncate(entry.OccurredAt) };
        return (entry, SealedChain.Seal(keys, ChainOf(caseId), previousHead, Content(entry)));
    }

    /// <summary>
    /// Checks the trail against the case itself: rows 1 to the case's version, none missing, each matching its seal under a key
    /// this host holds, the last one ending in the case's state and giving the head the case keeps. The first failure, and why.
    /// </summary>
    public static AuditVerdict Verify(AuditKeyRing keys, Guid caseId, CaseHead head, IReadOnlyList<StoredAuditRow> rows)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return AuditVerdict.Broken(1, "The case has no audit rows: every case has at least the row that recorded it.");
        }

        var chain = ChainOf(caseId);
        string? previous = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var (entry, hash, keyId) = rows[i];
            var expectedSeq = i + 1;
            if (entry.Seq != expectedSeq)
            {
                return entry.Seq > expectedSeq
                    ? AuditVerdict.Broken(expectedSeq, $"Row {expectedSeq} is missing (the next row is {entry.Seq}).")
                    : AuditVerdict.Broken(entry.Seq, $"Row {entry.Seq} appears out of order.");
            }

            if (expectedSeq > head.Version)
            {
                return AuditVerdict.Broken(expectedSeq, $"Row {expectedSeq} lies beyond the case's version {head.Version}: a row was added.");
            }

            if (hash is null || keyId is null)
            {
                return AuditVerdict.Broken(expectedSeq, $"Row {expectedSeq} carries no seal.");
            }

            if (!keys.TryGet(keyId, out _))
            {
                return AuditVerdict.Broken(expectedSeq, $"Row {expectedSeq} was sealed with key '{keyId}', which this host does not hold.");
            }

            previous = SealedChain.Check(keys, chain, previous, Content(entry), keyId, hash);
            if (previous is null)
            {
                return AuditVerdict.Broken(expectedSeq, $"Row {expectedSeq} does not match its seal: it was changed, moved, or sealed without the key.");
            }
        }

        if (rows.Count < head.Version)
        {
            return AuditVerdict.Broken(rows.Count + 1,
                $"Rows {rows.Count + 1} to {head.Version} are missing: the case is at version {head.Version}.");
        }

        if (rows[^1].Entry.ToState != head.Status)
        {
            return AuditVerdict.Broken(rows.Count, $"The last row ends in '{rows[^1].Entry.ToState}', but the case is '{head.Status}'.");
        }

        return previous == head.AuditHash
            ? AuditVerdict.Holds
            : AuditVerdict.Broken(rows.Count, "The case's stored head does not follow from its last row: rows were cut off the end, or the case row was rewritten.");
    }

    private static string ChainOf(Guid caseId) => "case:" + caseId.ToString("N");

    /// <summary>
    /// What a row's seal covers. The cited knowledge entries came later: a row that cites none is sealed exactly as before, so every
    /// older row keeps its seal; one that cites some adds them as two more fields (no field holds the separator: text with control
    /// characters is refused).
    /// </summary>
    private static string Content(AuditEntry entry)
    {
        var content = SealedChain.Join(
            entry.Seq.ToString(CultureInfo.InvariantCulture), entry.Action, entry.FromState, entry.ToState, entry.Actor, entry.Reason, entry.DecidedBy,
            entry.DecidedById?.ToString(CultureInfo.InvariantCulture), entry.DecidedByVersion?.ToString(CultureInfo.InvariantCulture),
            (Truncate(entry.OccurredAt).UtcTicks / 10).ToString(CultureInfo.InvariantCulture));
        return AuditEntry.FormatEntryIds(entry.KnowledgeEntryIds) is { } cited ? SealedChain.Join(content, "cites", cited) : content;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dispatch.Workers.Cases;

/// <summary>
/// The hash chain of a case's audit trail: each row's SHA-256 covers its content and the previous row's hash,
/// so changing or removing any row breaks every hash after it. Times count in whole microseconds, what both
/// databases keep.
/// </summary>
public static class AuditChain
{
    public static DateTimeOffset Truncate(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    public static string Hash(string? previous, Guid caseId, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var canonical = string.Join('\u001f',
            previous ?? "", caseId.ToString("N"), entry.Seq.ToString(CultureInfo.InvariantCulture), entry.Action, entry.FromState ?? "",
            entry.ToState, entry.Actor, entry.Reason ?? "", entry.DecidedBy ?? "",
            entry.DecidedById?.ToString(CultureInfo.InvariantCulture) ?? "", entry.DecidedByVersion?.ToString(CultureInfo.InvariantCulture) ?? "",
            (Truncate(entry.OccurredAt).UtcTicks / 10).ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Recomputes the chain; returns the first row whose hash does not match, or null when every row does.</summary>
    public static int? FirstBroken(Guid caseId, IReadOnlyList<(AuditEntry Entry, string? Hash)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string? previous = null;
        var expectedSeq = rows.Count > 0 ? rows[0].Entry.Seq : 1;
        foreach (var (entry, hash) in rows)
        {
            if (entry.Seq != expectedSeq++)
            {
                return entry.Seq; // a row is missing before this one
            }

            if (hash is null && previous is null)
            {
                continue; // written before the chain existed
            }

            if (hash != Hash(previous, caseId, entry))
            {
                return entry.Seq;
            }

            previous = hash;
        }

        return null;
    }
}

using Dispatch.Tests.Support;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Audit;

namespace Dispatch.Tests.Unit;

/// <summary>The administrative record is sealed like a case's trail, its head kept apart: every tampering is found and named.</summary>
[Category("Unit")]
public sealed class AdminRecordSpecs
{
    private static (List<AdminChange> Rows, (long Seq, string Head) Head) Record(int rows)
    {
        var record = new List<AdminChange>();
        string? head = null;
        for (var seq = 1L; seq <= rows; seq++)
        {
            var row = new AdminChange
            {
                Seq = seq, Entity = AdminChanges.RoutingRule, EntityKey = "6", Version = (int)seq, Operation = "edit", Change = $"{{\"n\":{seq}}}",
                ChangedBy = "admin:admin1", ChangedAt = new DateTimeOffset(2026, 11, 30, 8, 0, (int)seq, TimeSpan.Zero),
            };
            var seal = SealedChain.Seal(TestAuditKeys.Ring, AdminChanges.Chain, head, AdminChanges.Content(row));
            record.Add(new AdminChange
            {
                Seq = row.Seq, Entity = row.Entity, EntityKey = row.EntityKey, Version = row.Version, Operation = row.Operation, Change = row.Change,
                ChangedBy = row.ChangedBy, ChangedAt = row.ChangedAt, KeyId = seal.KeyId, Hash = seal.Hash,
            });
            head = seal.Head;
        }

        return (record, (rows, head ?? ""));
    }

    private static AdminChange With(AdminChange row, string? changedBy = null, long? seq = null, string? hash = "keep") => new()
    {
        Seq = seq ?? row.Seq, Entity = row.Entity, EntityKey = row.EntityKey, Version = row.Version, Operation = row.Operation, Change = row.Change,
        ChangedBy = changedBy ?? row.ChangedBy, ChangedAt = row.ChangedAt, KeyId = row.KeyId, Hash = hash == "keep" ? row.Hash : hash,
    };

    [Test]
    public void An_untouched_record_holds()
    {
        var (rows, head) = Record(4);

        Assert.That(AdminChanges.Verify(TestAuditKeys.Ring, head, rows), Is.EqualTo(AuditVerdict.Holds));
    }

    [Test]
    public void A_changed_row_a_removed_row_a_nulled_seal_and_a_cut_tail_are_each_found()
    {
        var (rows, head) = Record(4);

        Assert.Multiple(() =>
        {
            Assert.That(AdminChanges.Verify(TestAuditKeys.Ring, head, [rows[0], With(rows[1], changedBy: "admin:other"), rows[2], rows[3]]).FirstBrokenSeq, Is.EqualTo(2));
            Assert.That(AdminChanges.Verify(TestAuditKeys.Ring, head, [rows[0], rows[2], rows[3]]).Problem, Is.EqualTo("Row 2 is missing (the next row is 3)."));
            Assert.That(AdminChanges.Verify(TestAuditKeys.Ring, head, [rows[0], With(rows[1], hash: null), rows[2], rows[3]]).Problem, Is.EqualTo("Row 2 carries no seal."));
            Assert.That(AdminChanges.Verify(TestAuditKeys.Ring, head, rows[..2]).Problem, Is.EqualTo("Rows 3 to 4 are missing: the record's length is 4."));
            Assert.That(AdminChanges.Verify(TestAuditKeys.Ring, (2, rows[1].Hash!), rows[..2]).FirstBrokenSeq, Is.EqualTo(2), "a head set back without the key");
            Assert.That(AdminChanges.Verify(TestAuditKeys.Ring, head, []).Problem, Is.EqualTo("The record has no rows: sealing writes its first one."));
            Assert.That(AdminChanges.Verify(TestAuditKeys.Ring, null, rows).FirstBrokenSeq, Is.EqualTo(1), "no head: never sealed, or removed");
        });
    }
}

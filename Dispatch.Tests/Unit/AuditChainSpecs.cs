using Dispatch.Tests.Support;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Unit;

/// <summary>The keyed chain of a case's audit trail: every way of tampering with it is found, and named.</summary>
[Category("Unit")]
public sealed class AuditChainSpecs
{
    private static readonly Guid CaseId = Guid.Parse("0197a3f0-0000-7000-8000-000000000001");
    private static readonly AuditKeyRing Keys = TestAuditKeys.Ring;

    /// <summary>A sealed trail of <paramref name="rows"/> notes, and the head the case would keep.</summary>
    private static (List<StoredAuditRow> Rows, CaseHead Head) Trail(int rows, AuditKeyRing? keys = null)
    {
        var trail = new List<StoredAuditRow>();
        string? head = null;
        for (var seq = 1; seq <= rows; seq++)
        {
            var (entry, seal) = AuditChain.Append(keys ?? Keys, head, CaseId,
                new AuditEntry(seq, "add-note", "signed", "signed", "handler:um.handler@UM", $"note {seq}", null, null, null,
                    new DateTimeOffset(2026, 11, 21, 10, 0, seq, TimeSpan.Zero).AddTicks(7)));
            trail.Add(new StoredAuditRow(entry, seal.Hash, seal.KeyId));
            head = seal.Head;
        }

        return (trail, new CaseHead(rows, "signed", head));
    }

    private static AuditVerdict Verify(List<StoredAuditRow> rows, CaseHead head) => AuditChain.Verify(Keys, CaseId, head, rows);

    [Test]
    public void An_untouched_trail_holds()
    {
        var (rows, head) = Trail(5);

        Assert.That(Verify(rows, head), Is.EqualTo(AuditVerdict.Holds));
    }

    [Test]
    public void A_changed_field_is_found_at_its_row()
    {
        var (rows, head) = Trail(5);
        rows[2] = rows[2] with { Entry = rows[2].Entry with { Actor = "someone-else" } };

        Assert.That(Verify(rows, head), Is.EqualTo(new AuditVerdict(false, 3, "Row 3 does not match its seal: it was changed, moved, or sealed without the key.")));
    }

    [Test]
    public void A_deleted_middle_row_is_found()
    {
        var (rows, head) = Trail(5);
        rows.RemoveAt(2);

        Assert.That(Verify(rows, head), Is.EqualTo(new AuditVerdict(false, 3, "Row 3 is missing (the next row is 4).")));
    }

    [Test]
    public void A_deleted_tail_is_found_against_the_cases_version()
    {
        var (rows, head) = Trail(5);
        rows.RemoveRange(3, 2);

        Assert.That(Verify(rows, head), Is.EqualTo(new AuditVerdict(false, 4, "Rows 4 to 5 are missing: the case is at version 5.")));
    }

    [Test]
    public void A_deleted_tail_with_the_case_rolled_back_is_found_by_the_keyed_head()
    {
        var (rows, _) = Trail(5);
        var (_, earlier) = Trail(3, AuditKeyRing.Of("test", new Dictionary<string, byte[]> { ["test"] = new byte[32] }));
        rows.RemoveRange(3, 2);

        // Someone with the database but not the key sets the case back to version 3 and to a head of the forms they can see.
        foreach (var forged in new[] { rows[2].Hash, earlier.AuditHash, null })
        {
            Assert.That(Verify(rows, new CaseHead(3, "signed", forged)).FirstBrokenSeq, Is.EqualTo(3), forged ?? "null");
        }
    }

    [Test]
    public void Every_row_deleted_is_broken()
    {
        var (_, head) = Trail(5);

        Assert.That(Verify([], head), Is.EqualTo(new AuditVerdict(false, 1, "The case has no audit rows: every case has at least the row that recorded it.")));
    }

    [Test]
    public void A_nulled_seal_is_broken()
    {
        var (rows, head) = Trail(5);
        rows[1] = rows[1] with { Hash = null };

        Assert.That(Verify(rows, head), Is.EqualTo(new AuditVerdict(false, 2, "Row 2 carries no seal.")));
    }

    [Test]
    public void Two_rows_swapped_are_found()
    {
        var (rows, head) = Trail(5);
        (rows[1], rows[2]) = (rows[2] with { Entry = rows[2].Entry with { Seq = 2 } }, rows[1] with { Entry = rows[1].Entry with { Seq = 3 } });

        Assert.That(Verify(rows, head).FirstBrokenSeq, Is.EqualTo(2));
    }

    [Test]
    public void An_inserted_row_is_found()
    {
        var (rows, head) = Trail(5);
        var (extra, _) = Trail(6);
        rows.Add(extra[5]);

        Assert.That(Verify(rows, head), Is.EqualTo(new AuditVerdict(false, 6, "Row 6 lies beyond the case's version 5: a row was added.")));
    }

    [Test]
    public void A_chain_rebuilt_without_the_key_does_not_hold()
    {
        var (changed, forgedHead) = Trail(5, AuditKeyRing.Of("test", new Dictionary<string, byte[]> { ["test"] = new byte[32] }));

        Assert.That(Verify(changed, forgedHead).FirstBrokenSeq, Is.EqualTo(1));
    }

    [Test]
    public void A_row_under_a_key_this_host_does_not_hold_is_named()
    {
        var (rows, head) = Trail(2, AuditKeyRing.Of("gone", new Dictionary<string, byte[]> { ["gone"] = new byte[32] }));

        Assert.That(Verify(rows, head).Problem, Is.EqualTo("Row 1 was sealed with key 'gone', which this host does not hold."));
    }

    [Test]
    public void A_case_whose_state_differs_from_its_last_row_is_broken()
    {
        var (rows, head) = Trail(3);

        Assert.That(Verify(rows, head with { Status = "closed" }).Problem, Is.EqualTo("The last row ends in 'signed', but the case is 'closed'."));
    }

    [Test]
    public void A_rotated_key_keeps_verifying_what_the_old_one_sealed()
    {
        var old = AuditKeyRing.Of("k1", new Dictionary<string, byte[]> { ["k1"] = Enumerable.Repeat((byte)1, 32).ToArray() });
        var rotated = AuditKeyRing.Of("k2", new Dictionary<string, byte[]>
        {
            ["k1"] = Enumerable.Repeat((byte)1, 32).ToArray(), ["k2"] = Enumerable.Repeat((byte)2, 32).ToArray(),
        });
        var (rows, head) = Trail(2, old);
        var (next, seal) = AuditChain.Append(rotated, head.AuditHash, CaseId, rows[1].Entry with { Seq = 3 });
        rows.Add(new StoredAuditRow(next, seal.Hash, seal.KeyId));

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.KeyId), Is.EqualTo(new[] { "k1", "k1", "k2" }));
            Assert.That(AuditChain.Verify(rotated, CaseId, new CaseHead(3, "signed", seal.Head), rows), Is.EqualTo(AuditVerdict.Holds));
        });
    }

    [Test]
    public void A_row_that_cites_no_knowledge_entry_is_sealed_exactly_as_rows_were_before_entries_could_be_cited()
    {
        var entry = new AuditEntry(2, "close-directly", "filed", "closed", "agent:agent1", "已解答", null, null, null,
            new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero).AddTicks(30));

        var (_, seal) = AuditChain.Append(Keys, "the-head-before", CaseId, entry);

        // The content as every row before migration 0015 was sealed: ten fields, the time in whole microseconds.
        var before = SealedChain.Seal(Keys, "case:" + CaseId.ToString("N"), "the-head-before",
            SealedChain.Join("2", "close-directly", "filed", "closed", "agent:agent1", "已解答", null, null, null, "63930852000000003"));
        Assert.That(seal, Is.EqualTo(before));
    }

    [Test]
    public void The_entries_a_row_cites_are_sealed_with_it()
    {
        var (rows, head) = Trail(2);
        var afterFirst = Trail(1).Head.AuditHash;
        var (entry, seal) = AuditChain.Append(Keys, afterFirst, CaseId, rows[1].Entry with { KnowledgeEntryIds = [7, 12] });
        rows[1] = new StoredAuditRow(entry, seal.Hash, seal.KeyId);
        var sealedHead = head with { AuditHash = seal.Head };

        var changed = rows.ToList();
        changed[1] = changed[1] with { Entry = entry with { KnowledgeEntryIds = [7] } };
        var dropped = rows.ToList();
        dropped[1] = dropped[1] with { Entry = entry with { KnowledgeEntryIds = null } };

        Assert.Multiple(() =>
        {
            Assert.That(Verify(rows, sealedHead), Is.EqualTo(AuditVerdict.Holds));
            Assert.That(Verify(changed, sealedHead).FirstBrokenSeq, Is.EqualTo(2), "an entry taken out of the citation");
            Assert.That(Verify(dropped, sealedHead).FirstBrokenSeq, Is.EqualTo(2), "the citation removed");
            Assert.That(seal, Is.Not.EqualTo(AuditChain.Append(Keys, afterFirst, CaseId, entry with { KnowledgeEntryIds = null }).Seal));
        });
    }

    [TestCase(null, null)]
    [TestCase(new long[] { 12, 7 }, "12,7")]
    public void Cited_entries_are_stored_as_ids_joined_by_commas_and_read_back_as_they_were(long[]? ids, string? stored) =>
        Assert.Multiple(() =>
        {
            Assert.That(AuditEntry.FormatEntryIds(ids), Is.EqualTo(stored));
            Assert.That(AuditEntry.ParseEntryIds(stored), Is.EqualTo(ids));
        });

    [Test]
    public void A_row_is_sealed_as_both_databases_keep_its_time()
    {
        var (entry, seal) = AuditChain.Append(Keys, null, CaseId, Trail(1).Rows[0].Entry with { OccurredAt = DateTimeOffset.UnixEpoch.AddTicks(17) });

        Assert.That(entry.OccurredAt, Is.EqualTo(DateTimeOffset.UnixEpoch.AddTicks(10)));
        Assert.That(AuditChain.Verify(Keys, CaseId, new CaseHead(1, "signed", seal.Head), [new StoredAuditRow(entry, seal.Hash, seal.KeyId)]).Intact);
    }
}

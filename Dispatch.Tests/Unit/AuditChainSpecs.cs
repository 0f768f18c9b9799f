using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class AuditChainSpecs
{
    private static readonly Guid CaseId = Guid.Parse("0197a3f0-0000-7000-8000-000000000001");

    private static List<(AuditEntry Entry, string? Hash)> Chain(int rows)
    {
        var chain = new List<(AuditEntry, string?)>();
        string? previous = null;
        for (var seq = 1; seq <= rows; seq++)
        {
            var entry = new AuditEntry(seq, "add-note", "signed", "signed", "handler:um.handler@UM", $"note {seq}", null, null, null,
                new DateTimeOffset(2026, 11, 21, 10, 0, seq, TimeSpan.Zero).AddTicks(7));
            previous = AuditChain.Hash(previous, CaseId, entry);
            chain.Add((entry, previous));
        }

        return chain;
    }

    [Test]
    public void An_untouched_chain_verifies()
    {
        Assert.That(AuditChain.FirstBroken(CaseId, Chain(5)), Is.Null);
    }

    [Test]
    public void A_changed_row_breaks_the_chain_at_that_row()
    {
        var chain = Chain(5);
        chain[2] = (chain[2].Entry with { Actor = "someone-else" }, chain[2].Hash);

        Assert.That(AuditChain.FirstBroken(CaseId, chain), Is.EqualTo(3));
    }

    [Test]
    public void A_removed_row_is_found_where_the_gap_is()
    {
        var chain = Chain(5);
        chain.RemoveAt(3);

        Assert.That(AuditChain.FirstBroken(CaseId, chain), Is.EqualTo(5));
    }

    [Test]
    public void Rows_written_before_the_chain_existed_are_passed_over_and_the_chain_starts_after_them()
    {
        var old = Chain(2).Select(r => (r.Entry, (string?)null)).ToList();
        var entry = new AuditEntry(3, "sign", "dispatched", "signed", "handler:x", null, null, null, null, DateTimeOffset.UnixEpoch);
        old.Add((entry, AuditChain.Hash(null, CaseId, entry)));

        Assert.That(AuditChain.FirstBroken(CaseId, old), Is.Null);
    }

    [Test]
    public void The_hash_counts_time_in_microseconds_what_the_databases_keep()
    {
        var entry = Chain(1)[0].Entry;

        Assert.That(AuditChain.Hash(null, CaseId, entry), Is.EqualTo(AuditChain.Hash(null, CaseId, entry with { OccurredAt = AuditChain.Truncate(entry.OccurredAt) })));
    }
}

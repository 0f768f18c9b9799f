using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// Each process publishes what it commits at once, from memory, and deletes the rows afterwards: with the relay held back for an
/// hour, a case still goes from filed to dispatched and leaves no outbox row behind.
/// </summary>
[Category("Integration")]
public sealed class OutboxHandOffSpecs : HotlineFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Outbox:RelayAfter"] = "01:00:00",
    };

    [Test]
    public async Task What_a_process_commits_it_publishes_at_once_and_deletes_without_the_relay()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());

        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        var left = await Poller.UntilAsync(
            () => Db.ScalarAsync<long>("select count(*) from outbox where case_id = (select id from cases where number = @Number)", new { filed.Number }),
            n => n == 0, "the rows of the case's published messages (CaseFiled, CaseDispatched, CaseChanged) to be deleted");

        Assert.That(left, Is.Zero);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis.Knowledge;
using Dispatch.Contracts;
using Dispatch.Tests.Support;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Knowledge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Dispatch.Tests.Integration.Knowledge.KnowledgeClient;

namespace Dispatch.Tests.Integration.Knowledge;

/// <summary>
/// KnowledgeEntryExpiring, published once per entry and end of validity, through the outbox, with a clock the spec moves and the job run
/// explicitly (as the Workers run it): several sweeps, two jobs at once, an end moved by an edit. The Api alone, so the messages stay in
/// the outbox to be counted.
/// </summary>
[Category("Integration")]
public sealed class KnowledgeExpirySpecs : HotlineFixture
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 6, 1, 10, 0, 0, Beijing));

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    private KnowledgeExpiryNotices Job(int batchSize = 200) => new(Db.Database, _clock,
        Options.Create(new KnowledgeOptions { ExpiryNoticeBatchSize = batchSize }), Options.Create(new HotlineOptions()),
        NullLogger<KnowledgeExpiryNotices>.Instance);

    private static async Task UntilCaughtUp(KnowledgeExpiryNotices job)
    {
        while (await job.AnnounceOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    private async Task<IReadOnlyList<KnowledgeEntryExpiring>> Announced(long id) =>
        [.. (await Db.QueryAsync<string>("select payload from outbox where message_type = @Type order by id", new { Type = typeof(KnowledgeEntryExpiring).FullName }))
            .Select(p => JsonSerializer.Deserialize<KnowledgeEntryExpiring>(p, JsonSerializerOptions.Web)!)
            .Where(m => m.EntryId == id)];

    private async Task<KnowledgeEntryView> Published(string title, string validUntil, string department = "HOUSING")
    {
        var editor = await As("editor1");
        return await PublishedAsync(editor, editor, Entry(Title(title), department: department, validUntil: validUntil));
    }

    [Test]
    public async Task An_entry_is_announced_once_when_it_comes_within_30_days_of_its_end_however_often_the_job_runs()
    {
        _clock.Set(new DateTimeOffset(2030, 6, 1, 10, 0, 0, Beijing));
        var soon = await Published("公积金年度结息通知", "2030-06-20");
        var later = await Published("公积金缴存基数调整", "2030-08-01");
        var job = Job();

        await UntilCaughtUp(job);
        await UntilCaughtUp(job);
        var soonFirst = await Announced(soon.Id);
        var laterFirst = await Announced(later.Id);
        _clock.Set(new DateTimeOffset(2030, 7, 5, 9, 0, 0, Beijing));
        await UntilCaughtUp(job);
        await UntilCaughtUp(job);

        Assert.Multiple(async () =>
        {
            Assert.That(soonFirst.Select(m => (m.ValidUntil, m.DaysLeft, m.DepartmentCode, m.Title)),
                Is.EqualTo(new[] { (new DateOnly(2030, 6, 20), 19, "HOUSING", soon.Title) }));
            Assert.That(laterFirst, Is.Empty, "61 days out");
            Assert.That((await Announced(later.Id)).Select(m => (m.ValidUntil, m.DaysLeft)), Is.EqualTo(new[] { (new DateOnly(2030, 8, 1), 27) }));
            Assert.That(await Announced(soon.Id), Has.Count.EqualTo(1));
            Assert.That(await Db.ScalarAsync<string>("select to_char(expiry_announced_for, 'YYYY-MM-DD') from knowledge_entries where id = @Id", new { later.Id }),
                Is.EqualTo("2030-08-01"));
        });
    }

    [Test]
    public async Task A_new_end_of_validity_gets_its_own_notice()
    {
        _clock.Set(new DateTimeOffset(2031, 3, 1, 10, 0, 0, Beijing));
        var entry = await Published("春季供水管网检修通知", "2031-03-10", "WATER");
        var editor = await As("editor1");
        await UntilCaughtUp(Job());

        var current = (await editor.GetAsync(entry.Id))!;
        using var edit = await editor.PutAsJsonAsync($"/api/knowledge/{entry.Id}", new KnowledgeEntryRequest(current.Title, current.Content, [.. current.Keywords],
            current.CategoryCode, current.MaterialType, current.DepartmentCode, [.. current.Scope], "2031-03-01", "2031-03-25", current.Version), ApiClient.Json);
        await UntilCaughtUp(Job());
        await UntilCaughtUp(Job());

        Assert.Multiple(async () =>
        {
            Assert.That(edit.IsSuccessStatusCode, Is.True, await edit.Content.ReadAsStringAsync());
            Assert.That((await Announced(entry.Id)).Select(m => m.ValidUntil), Is.EqualTo(new[] { new DateOnly(2031, 3, 10), new DateOnly(2031, 3, 25) }));
        });
    }

    [Test]
    public async Task Two_jobs_at_once_announce_each_entry_once()
    {
        _clock.Set(new DateTimeOffset(2032, 5, 1, 10, 0, 0, Beijing));
        var entries = new List<KnowledgeEntryView>();
        for (var i = 0; i < 12; i++)
        {
            entries.Add(await Published($"并发通知{i}", $"2032-05-{10 + i}"));
        }

        await Task.WhenAll(UntilCaughtUp(Job(batchSize: 2)), UntilCaughtUp(Job(batchSize: 2)), UntilCaughtUp(Job(batchSize: 3)));

        var counts = new List<int>();
        foreach (var entry in entries)
        {
            counts.Add((await Announced(entry.Id)).Count);
        }

        Assert.That(counts, Is.All.EqualTo(1));
    }

    [Test]
    public async Task Drafts_and_entries_already_expired_are_not_announced()
    {
        _clock.Set(new DateTimeOffset(2033, 1, 1, 10, 0, 0, Beijing));
        var editor = await As("editor1");
        var draft = await editor.CreateAsync(Entry(Title("尚未发布的通知"), validUntil: "2033-01-15"));
        var expired = await Published("已经过期的通知", "2033-01-05");
        _clock.Set(new DateTimeOffset(2033, 1, 6, 10, 0, 0, Beijing));

        await UntilCaughtUp(Job());

        Assert.Multiple(async () =>
        {
            Assert.That(await Announced(draft.Id), Is.Empty);
            Assert.That(await Announced(expired.Id), Is.Empty);
        });
    }
}

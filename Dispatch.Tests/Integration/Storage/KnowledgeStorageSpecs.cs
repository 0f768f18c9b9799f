using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Knowledge;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// The knowledge base's storage in every SQL dialect: the search index stays true to the published entries through every change (each
/// term's count is the number of its postings, the empty term's the number of published entries), the search answers from it, and
/// the demo seed publishes its entries once.
/// </summary>
[Category("Integration")]
[TestFixture(DatabaseProvider.PostgreSql)]
[TestFixture(DatabaseProvider.SqlServer)]
public sealed class KnowledgeStorageSpecs(DatabaseProvider provider)
{
    private static readonly Actor Editor = new("editor1", Roles.Editor, null);
    private static readonly Actor Housing = new("housing.handler", Roles.Handler, "HOUSING");

    private TestDatabase _db = null!;
    private CatalogueStore _catalogues = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        if (TestDatabase.AdminConnectionString(provider) is null)
        {
            Assert.Ignore($"{provider} storage specs skipped: set DISPATCH_TEST_SQLSERVER to a SQL Server connection string " +
                          "(a login that may create databases) to run them. No SQL Server can run on this machine.");
        }

        _db = await TestDatabase.CreateAsync(provider);
        _catalogues = new CatalogueStore(_db.Database, TimeProvider.System, Options.Create(new CatalogueOptions()));
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        _catalogues?.Dispose();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private KnowledgeWork Work() => new(_db.Database, _catalogues, TimeProvider.System, Options.Create(new HotlineOptions()));

    private KnowledgeSearch Search() => new(_db.Database, _catalogues, TimeProvider.System, Options.Create(new HotlineOptions()),
        Options.Create(new KnowledgeOptions()));

    private static KnowledgeInput Input(string title, string content, params string[] keywords) =>
        new(title, content, keywords, "100102", "guide", "HOUSING", null, "2020-01-01", null);

    private static T Done<T>(KnowledgeOutcome<T> outcome) =>
        outcome is KnowledgeOutcome<T>.Done done ? done.Value : throw new AssertionException($"Expected done, got {outcome}.");

    private async Task<KnowledgeEntry> PublishedAsync(KnowledgeInput input)
    {
        var work = Work();
        var created = Done(await work.CreateAsync(Housing, input, CancellationToken.None));
        var submitted = Done(await work.ActAsync(Housing, created.Id, created.Version, KnowledgeAction.Submit, null, CancellationToken.None));
        return Done(await work.ActAsync(Editor, submitted.Id, submitted.Version, KnowledgeAction.Publish, null, CancellationToken.None));
    }

    /// <summary>Every term's count against its postings, and the published entries against the indexed ones.</summary>
    private async Task AssertIndexIsTrue()
    {
        var wrongCounts = await _db.QueryAsync<string>("""
            select t.term from knowledge_terms t
            where t.entries <> (select count(*) from knowledge_postings p where p.term = t.term)
            union all
            select p.term from knowledge_postings p where not exists (select 1 from knowledge_terms t where t.term = p.term)
            """);
        var indexedNotPublished = await _db.ScalarAsync<long>("""
            select count(*) from knowledge_postings p join knowledge_entries e on e.id = p.entry_id where e.status <> 'published'
            """);
        var publishedNotIndexed = await _db.ScalarAsync<long>("""
            select count(*) from knowledge_entries e
            where e.status = 'published' and not exists (select 1 from knowledge_postings p where p.entry_id = e.id and p.term = '')
            """);

        Assert.Multiple(() =>
        {
            Assert.That(wrongCounts, Is.Empty, "every term's count is its postings'");
            Assert.That(indexedNotPublished, Is.Zero, "only published entries are indexed");
            Assert.That(publishedNotIndexed, Is.Zero, "every published entry is indexed");
        });
    }

    [Test]
    public async Task The_index_follows_every_change_of_a_published_entry()
    {
        var work = Work();
        var rent = await PublishedAsync(Input("住房公积金租房提取（存储）", "租房自住可提取住房公积金支付房租。", "公积金", "租房提取"));
        var loan = await PublishedAsync(Input("住房公积金贷款（存储）", "购房可申请住房公积金贷款。", "公积金贷款"));
        await AssertIndexIsTrue();

        var corrected = Done(await work.EditAsync(Editor, rent.Id, rent.Version,
            Input(rent.Title, "租房自住且无自有住房的，可按月提取住房公积金支付房租。", "公积金", "租房提取", "按月提取"), CancellationToken.None));
        await AssertIndexIsTrue();
        var returned = Done(await work.ActAsync(Editor, loan.Id, loan.Version, KnowledgeAction.Return, "额度有变", CancellationToken.None));
        await AssertIndexIsTrue();
        var found = (await Search().SearchAsync(new KnowledgeQuery("按月提取", null, null, 10), CancellationToken.None)).Items;
        var loanFound = (await Search().SearchAsync(new KnowledgeQuery("公积金贷款", null, null, 10), CancellationToken.None)).Items;
        Done(await work.ActAsync(Editor, corrected.Id, corrected.Version, KnowledgeAction.Archive, null, CancellationToken.None));
        await AssertIndexIsTrue();

        Assert.Multiple(() =>
        {
            Assert.That(returned.Status, Is.EqualTo(KnowledgeStatuses.Draft));
            Assert.That(found.Select(f => f.Id), Does.Contain(rent.Id), "the corrected text is what is searched");
            Assert.That(loanFound.Select(f => f.Id), Does.Not.Contain(loan.Id), "a returned entry is no longer found");
        });
    }

    [Test]
    public async Task An_import_of_published_entries_is_indexed_in_its_transaction_and_a_stale_change_writes_nothing()
    {
        var work = Work();
        var rows = Enumerable.Range(0, 30).Select(i => Input($"批量导入条目{i}（存储）", $"第{i}条答复：携带身份证办理，窗口受理。", $"批量{i}")).ToList();

        var imported = Done(await work.ImportAsync(Editor, rows, publish: true, CancellationToken.None));
        var versionsBefore = await _db.ScalarAsync<long>("select count(*) from knowledge_entry_versions");
        var stale = await work.ActAsync(Editor, imported[0].Id, imported[0].Version + 5, KnowledgeAction.Archive, null, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(imported.Select(e => e.Status), Is.All.EqualTo(KnowledgeStatuses.Published));
            Assert.That(stale, Is.TypeOf<KnowledgeOutcome<KnowledgeEntry>.Conflict>());
            Assert.That(await _db.ScalarAsync<long>("select count(*) from knowledge_entry_versions"), Is.EqualTo(versionsBefore));
        });
        await AssertIndexIsTrue();
    }

    [Test]
    public async Task The_demo_seed_publishes_its_entries_once_and_the_callers_phrase_finds_the_renting_withdrawals()
    {
        var seed = new KnowledgeSeed(_db.Database, _catalogues, TimeProvider.System, NullLogger<KnowledgeSeed>.Instance);
        var expected = KnowledgeSeed.Load().Entries.Count;
        if (expected == 0)
        {
            Assert.Ignore("This build embeds no deploy/seed/knowledge.json.");
        }

        var first = await seed.ApplyAsync(CancellationToken.None);
        var again = await seed.ApplyAsync(CancellationToken.None);
        var found = (await Search().SearchAsync(new KnowledgeQuery("我想把公积金取出来付房租", null, null, 3), CancellationToken.None)).Items;

        Assert.Multiple(async () =>
        {
            Assert.That((first, again), Is.EqualTo((expected, 0)));
            Assert.That(await _db.ScalarAsync<long>("select count(*) from knowledge_entry_versions where changed_by = 'system:seed' and action = 'imported'"),
                Is.EqualTo(expected));
            Assert.That(found.Select(f => f.Title).FirstOrDefault(), Does.StartWith("住房公积金租房提取"));
        });
        await AssertIndexIsTrue();
    }
}

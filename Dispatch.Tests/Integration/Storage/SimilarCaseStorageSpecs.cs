using Dapper;
using Dispatch.Tests.Support;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.RepeatCalls;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// The similar-case candidate query and the caller history's query in every SQL dialect (SQL Server when DISPATCH_TEST_SQLSERVER is
/// set): which cases each source finds and which it must not, the windows' edges, and on PostgreSQL that every source is read
/// through its index, the cell expression included.
/// </summary>
[Category("Integration")]
[TestFixture(DatabaseProvider.PostgreSql)]
[TestFixture(DatabaseProvider.SqlServer)]
public sealed class SimilarCaseStorageSpecs(DatabaseProvider provider)
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly SimilarCasesOptions Defaults = new();
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        if (TestDatabase.AdminConnectionString(provider) is null)
        {
            Assert.Ignore($"{provider} storage specs skipped: set DISPATCH_TEST_SQLSERVER to a SQL Server connection string " +
                          "(a login that may create databases) to run them. No SQL Server can run on this machine.");
        }

        _db = await TestDatabase.CreateAsync(provider);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Files a case through the real filing path at <paramref name="at"/>, then sets what a spec needs of its later life.</summary>
    private async Task<Case> FiledAsync(string category = "030201", string? community = null, string? grid = null, double? lat = null,
        double? lng = null, string? phone = null, bool confidential = false, TimeSpan? ago = null, string? status = null, DateTimeOffset? closedAt = null,
        string? closeOutcome = null)
    {
        var at = Now - (ago ?? TimeSpan.FromHours(1));
        var clock = new FixedClock(at);
        var filing = new CaseFiling(_db.Database, new CaseNumberAllocator(_db.Database, clock, Options.Create(new HotlineOptions())),
            clock, TestAuditKeys.Ring);
        var street = community?[..6];
        var draft = new NewCase("complaint", category, "phone", "normal", new Caller(phone is null ? null : "赵六", phone, confidential),
            new CaseLocation("DM", street, community, grid, null, lat, lng), "河道发黑发臭", "小区旁边的河水发黑，散发臭味。", "agent:test");
        var filed = ((FileOutcome.Created)await filing.FileAsync(draft, null, CancellationToken.None)).Case;
        if (status is not null)
        {
            await using var connection = await _db.Database.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync("update cases set status = @Status, closed_at = @ClosedAt, close_outcome = @CloseOutcome where id = @Id",
                new { Status = status, ClosedAt = closedAt, CloseOutcome = closeOutcome, filed.Id });
        }

        return filed;
    }

    private static SimilarityProbe Probe(string category = "030202", string? community = null, double? lat = null, double? lng = null,
        string? phone = null) =>
        new(category, CategoryFamily.Of(DemoCatalogue.Instance, category),
            new CaseLocation("DM", community?[..6], community, null, null, lat, lng), "t", "c", new Caller(null, phone, false), Now, null);

    private async Task<IReadOnlyList<SimilarityCandidate>> CandidatesAsync(SimilarityProbe probe) =>
        await new SimilarCaseStore(_db.Database).CandidatesAsync(probe, Now, Defaults, CancellationToken.None);

    [Test]
    public async Task Each_source_finds_its_cases_once_and_a_case_sharing_nothing_findable_is_not_read()
    {
        // The probe: 污水直排 (family 030200) in 德加社区 at 30.2001, 120.1001, phone P. Each case below shares one thing with it.
        var phone = $"138{Random.Shared.NextInt64(10_000_000, 99_999_999)}";
        var family = await FiledAsync(category: "030201");
        var community = await FiledAsync(category: "090101", community: "DM-S03-C02");
        var nearby = await FiledAsync(category: "090101", lat: 30.2021, lng: 120.1001);
        var caller = await FiledAsync(category: "090101", phone: phone);
        var everything = await FiledAsync(category: "030202", community: "DM-S03-C02", lat: 30.2001, lng: 120.1001, phone: phone);
        var nothing = await FiledAsync(category: "090101", community: "DM-S01-C01", lat: 30.2101, lng: 120.1001, phone: "13900000000");

        var read = await CandidatesAsync(Probe(community: "DM-S03-C02", lat: 30.2001, lng: 120.1001, phone: phone));
        var ids = read.Select(c => c.Id).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ids, Does.Contain(family.Id).And.Contain(community.Id).And.Contain(nearby.Id).And.Contain(caller.Id).And.Contain(everything.Id));
            Assert.That(ids, Does.Not.Contain(nothing.Id), "another family, community, place (1.1 km away) and phone");
            Assert.That(ids, Is.Unique, "a case found by several sources comes back once");
            Assert.That(read.Where(c => c.SameCaller == 1).Select(c => c.Id), Is.EquivalentTo(new[] { caller.Id, everything.Id }));
            var e = read.Single(c => c.Id == everything.Id);
            Assert.That((e.Number, e.Status, e.CategoryCode, e.CommunityCode, e.Latitude, e.Longitude, e.Title, e.FiledAt),
                Is.EqualTo((everything.Number, "filed", "030202", "DM-S03-C02", (double?)30.2001, (double?)120.1001, "河道发黑发臭", everything.FiledAt)));
        });
    }

    [Test]
    public async Task Closed_merged_and_old_cases_are_read_only_within_their_windows()
    {
        var community = "DM-S04-C01";
        var closedInside = await FiledAsync(community: community, ago: TimeSpan.FromDays(10), status: "closed", closedAt: Now - Defaults.ClosedWindow,
            closeOutcome: "satisfied");
        var closedOutside = await FiledAsync(community: community, ago: TimeSpan.FromDays(10), status: "closed",
            closedAt: Now - Defaults.ClosedWindow - TimeSpan.FromSeconds(1), closeOutcome: "satisfied");
        var closedWithMaster = await FiledAsync(community: community, status: "closed", closedAt: Now - TimeSpan.FromHours(1), closeOutcome: "merged");
        var merged = await FiledAsync(community: community, status: "merged");
        var openInside = await FiledAsync(community: community, ago: Defaults.OpenWindow);
        var openOutside = await FiledAsync(community: community, ago: Defaults.OpenWindow + TimeSpan.FromSeconds(1));

        var ids = (await CandidatesAsync(Probe(category: "060101", community: community))).Select(c => c.Id).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ids, Does.Contain(closedInside.Id).And.Contain(openInside.Id));
            Assert.That(ids, Does.Not.Contain(closedOutside.Id).And.Not.Contain(openOutside.Id));
            Assert.That(ids, Does.Not.Contain(closedWithMaster.Id).And.Not.Contain(merged.Id), "a merged case's master stands for it");
        });
    }

    [Test]
    public async Task Each_source_reads_at_most_its_share_the_most_recent_first()
    {
        var cases = new List<Case>();
        for (var i = 1; i <= 12; i++)
        {
            cases.Add(await FiledAsync(category: "070302", community: "DM-S01-C03", ago: TimeSpan.FromMinutes(i)));
        }

        var store = new SimilarCaseStore(_db.Database);
        var probe = Probe(category: "070302", community: "DM-S01-C03");
        var read = await store.CandidatesAsync(probe, Now, new SimilarCasesOptions { CandidatesPerSource = 10 }, CancellationToken.None);

        Assert.That(read.Select(c => c.Id), Is.EquivalentTo(cases.Take(10).Select(c => c.Id)), "the ten newest of each source, which here agree");
    }

    [Test]
    public async Task The_cell_the_database_computes_is_the_one_the_code_computes()
    {
        var points = new[] { (30.2899, 120.1301), (30.28, 120.13), (-33.871, 151.209), (40.71, -74.011), (0.005, -0.005) };
        var computed = new List<long>();
        foreach (var (lat, lng) in points)
        {
            computed.Add(await _db.ScalarAsync<long>($"select {GeoCells.CellSql} from (select @Lat as latitude, @Lng as longitude) c", new { Lat = lat, Lng = lng }));
        }

        Assert.That(computed, Is.EqualTo(points.Select(p => GeoCells.Of(p.Item1, p.Item2))));
    }

    [Test]
    public async Task On_PostgreSQL_every_source_is_read_through_its_index()
    {
        if (provider != DatabaseProvider.PostgreSql)
        {
            Assert.Ignore("The plan is PostgreSQL's; SQL Server's is for a real server to show (docs/sql-server.md).");
        }

        var probe = Probe(community: "DM-S03-C02", lat: 30.2001, lng: 120.1001, phone: "13800138000");
        var parameters = SimilarCaseStore.Parameters(probe, Now, Defaults);
        await using var connection = await _db.Database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        // With sequential scans priced out, a source whose condition no index can serve would still be read by one: its absence shows
        // indexes serve them all. In a table this small the planner may serve a source by another source's index; the cell's expression
        // index appearing at all shows that the query's expression is the migration's.
        await connection.ExecuteAsync("set local enable_seqscan = off", transaction: transaction);
        var plan = string.Join("\n", await connection.QueryAsync<string>($"explain {SimilarCaseStore.CandidatesSql(_db.Dialect)}", parameters, transaction));

        Assert.Multiple(() =>
        {
            Assert.That(plan, Does.Contain("_by_category").And.Contain("_by_community").And.Contain("_by_cell").And.Contain("ix_cases_caller_phone"));
            Assert.That(plan, Does.Not.Contain("Seq Scan"), plan);
        });
    }

    [Test]
    public async Task The_caller_history_counts_the_phone_s_cases_in_the_window_and_lists_them_all_newest_first()
    {
        var phone = $"139{Random.Shared.NextInt64(10_000_000, 99_999_999)}";
        var before = await FiledAsync(phone: phone, ago: TimeSpan.FromDays(Defaults.RepeatCallerDays) + TimeSpan.FromMinutes(1));
        var edge = await FiledAsync(phone: phone, ago: TimeSpan.FromDays(Defaults.RepeatCallerDays));
        var recent = await FiledAsync(phone: phone, ago: TimeSpan.FromMinutes(5));
        var query = new CallerHistoryQuery(_db.Database, new FixedClock(Now), Options.Create(new SimilarCasesOptions { RepeatCallerCases = 2 }));

        var history = await query.ForPhoneAsync(phone, 50, CancellationToken.None);
        var limited = await query.ForPhoneAsync(phone, 1, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(history.Cases.Select(c => c.Number), Is.EqualTo(new[] { recent.Number, edge.Number, before.Number }));
            Assert.That((history.CasesInWindow, history.RepeatCaller, history.WindowDays, history.RepeatCallerCases), Is.EqualTo((2, true, 30, 2)));
            Assert.That((limited.Cases.Count, limited.CasesInWindow), Is.EqualTo((1, 2)), "the count does not depend on the list's limit");
        });
    }
}

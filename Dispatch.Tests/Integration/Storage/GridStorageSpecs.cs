using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Grid;
using Dispatch.Workers.Reports;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// The grid's SQL (migration 0019) in every dialect: a patrol report claims its staged files and is closed on the spot in one
/// transaction; a forward to a grid station and verifications on site move the case row's counters; the patrol list and the grid and
/// channel reports read them back. On SQL Server when DISPATCH_TEST_SQLSERVER gives a connection string.
/// </summary>
[Category("Integration")]
[TestFixture(DatabaseProvider.PostgreSql)]
[TestFixture(DatabaseProvider.SqlServer)]
public sealed class GridStorageSpecs(DatabaseProvider provider)
{
    private TestDatabase _db = null!;
    private CatalogueStore _catalogues = null!;
    private DeadlineRulesStore _deadlines = null!;
    private CaseNumberAllocator _numbers = null!;

    private static readonly Actor Worker = new("grid.cy2", Roles.Handler, "ST-S02-C01-G02");
    private static readonly Actor Community = new("cy1.handler", Roles.Handler, "ST-S02-C01");
    private static readonly Actor Center = new("dispatcher1", Roles.Dispatcher, null);

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
        _deadlines = new DeadlineRulesStore(_db.Database, TimeProvider.System, Options.Create(new DeadlineOptions()));
        _numbers = new CaseNumberAllocator(_db.Database, TimeProvider.System, Options.Create(new HotlineOptions()));
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        _catalogues?.Dispose();
        _deadlines?.Dispose();
        _numbers?.Dispose();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private CaseWork Work => new(_db.Database, _catalogues, _deadlines, TimeProvider.System, TestAuditKeys.Ring, Options.Create(new LifecycleOptions()));

    private async Task<Guid> Staged(Actor by, string kind = AttachmentKinds.Photo)
    {
        var file = new NewAttachment(Guid.CreateVersion7(), new string('d', 64), kind == AttachmentKinds.Photo ? "image/jpeg" : "application/pdf", kind,
            2048, kind == AttachmentKinds.Photo ? 640 : null, kind == AttachmentKinds.Photo ? 480 : null, null, "x", null, AttachmentOrigins.Staff);
        await new StagedAttachments(_db.Database).StageAsync(file, by.ToString(), DateTimeOffset.UtcNow, CancellationToken.None);
        return file.Id;
    }

    private async Task<Case> Act(string number, Actor actor, CaseCommand command) =>
        ((ActOutcome.Done)await Work.ActAsync(number, actor, command, null, CancellationToken.None)).Case;

    private static ReportPeriod Today()
    {
        var zone = new HotlineOptions().TimeZone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        return ReportPeriod.Of(today.AddDays(-1), today.AddDays(1), zone);
    }

    [Test]
    public async Task Patrol_reports_forwards_and_site_visits_are_stored_and_counted_back()
    {
        var catalogue = await _catalogues.GetAsync(CancellationToken.None);
        var reporting = new PatrolReporting(_db.Database, _numbers, TimeProvider.System, TestAuditKeys.Ring);
        var photo = await Staged(Worker);
        var document = await Staged(Worker, AttachmentKinds.Document);

        var onSpot = (FileOutcome.Created)await reporting.FileAsync(new PatrolReport("report", "010201", "井盖松动", "翠苑路1号", 30.28, 120.13,
            [photo, document], ResolvedOnSpot: true, "已当场固定"), Worker, catalogue, null, CancellationToken.None);
        var claimedAgain = await reporting.FileAsync(new PatrolReport("report", "010201", "井盖松动", null, 30.28, 120.13, [photo], false, null),
            Worker, catalogue, null, CancellationToken.None);
        var routed = (FileOutcome.Created)await reporting.FileAsync(new PatrolReport("report", "010201", "路灯不亮", null, 30.28, 120.13,
            [await Staged(Worker)], ResolvedOnSpot: false, null), Worker, catalogue, null, CancellationToken.None);

        var filed = ((FileOutcome.Created)await new CaseFiling(_db.Database, _numbers, TimeProvider.System, TestAuditKeys.Ring).FileAsync(
            new NewCase("complaint", "010201", "phone", "normal", new Caller(null, null, false),
                new CaseLocation("DM", "DM-S02", "DM-S02-C01", "DM-S02-C01-G02", null, null, null), "噪声", "夜间噪声", "agent:agent1"),
            null, CancellationToken.None)).Case;
        await Act(filed.Number, Center, new CaseCommand.Dispatch("ST-S02-C01", [], null));
        await Act(filed.Number, Community, new CaseCommand.Sign());
        var forwarded = await Act(filed.Number, Community, new CaseCommand.Forward("ST-S02-C01-G02", null));
        await Act(filed.Number, Worker, new CaseCommand.Sign());
        var sitePhoto = await StagedOnCase(filed.Number);
        var verified = await Act(filed.Number, Worker, new CaseCommand.VerifyOnSite("已核实", 30.28, 120.13) { AttachmentIds = [sitePhoto] });
        var reread = await new CaseQueries(_db.Database, TimeProvider.System, TestAuditKeys.Ring).FindByNumberAsync(filed.Number, CancellationToken.None);

        var period = Today();
        var list = await new PatrolReportQueries(_db.Database).ListAsync("ST-S02-C01-G02", Worker.ToString(), period.Start, period.End, 1, 20,
            CancellationToken.None);
        var all = await new PatrolReportQueries(_db.Database).ListAsync(null, null, period.Start, period.End, 1, 1, CancellationToken.None);
        var grid = await new GridReportStore(_db.Database, _catalogues, TimeProvider.System).GridAsync(period, CancellationToken.None);
        var channels = await new GridReportStore(_db.Database, _catalogues, TimeProvider.System).ChannelsAsync(period, CancellationToken.None);
        var station = grid.Stations.Single(s => s.StationCode == "ST-S02-C01-G02");
        var closedReport = await new CaseQueries(_db.Database, TimeProvider.System, TestAuditKeys.Ring).FindByNumberAsync(onSpot.Case.Number,
            CancellationToken.None);
        var attachedRows = await _db.QueryAsync<string>($"select cited_action from case_attachments where id in ('{photo}', '{document}') order by cited_action");

        Assert.Multiple(() =>
        {
            Assert.That((closedReport!.Status, closedReport.CloseOutcome, closedReport.PatrolStationCode, closedReport.Channel),
                Is.EqualTo((CaseState.Closed, CloseOutcomes.OnSpot, "ST-S02-C01-G02", Channels.GridPatrol)));
            Assert.That(claimedAgain, Is.EqualTo(new FileOutcome.Invalid("attachmentIds[0]", ((FileOutcome.Invalid)claimedAgain).Problem)),
                "a file is claimed once");
            Assert.That(attachedRows, Is.EquivalentTo(new[] { "close-on-spot", "close-on-spot" }));
            Assert.That((forwarded.GridStationCode, verified.SiteVisits, reread!.GridStationCode, reread.SiteVisits),
                Is.EqualTo(("ST-S02-C01-G02", 1, "ST-S02-C01-G02", 1)));
            Assert.That(list.Items.Select(i => i.Number), Is.EqualTo(new[] { routed.Case.Number, onSpot.Case.Number }));
            Assert.That(list.Items.Select(i => i.ResolvedOnSpot), Is.EqualTo(new[] { false, true }));
            Assert.That((all.Total, all.Items.Single().Number), Is.EqualTo((2L, routed.Case.Number)));
            Assert.That((station.Forwarded, station.PatrolReports, station.ResolvedOnSpot, station.ResolvedOnSpotShare.Value, station.VerifiedOnSite),
                Is.EqualTo((1L, 2L, 1L, (double?)0.5, 1L)));
            Assert.That(grid.Stations.Where(s => s.StationCode != "ST-S02-C01-G02").Sum(s => s.Forwarded + s.PatrolReports), Is.Zero);
            Assert.That(channels.Channels.Single(c => c.Channel == Channels.GridPatrol).Cases, Is.EqualTo(2));
            Assert.That((channels.Channels.Single(c => c.Channel == "phone").Cases, channels.Total), Is.EqualTo((1L, 3L)));
        });
    }

    /// <summary>A photo attached to the case by its grid worker, as an upload does (the blob itself plays no part here).</summary>
    private async Task<Guid> StagedOnCase(string number)
    {
        var file = new NewAttachment(Guid.CreateVersion7(), new string('e', 64), "image/jpeg", AttachmentKinds.Photo, 4096, 640, 480, null, "site.jpg", null,
            AttachmentOrigins.Staff);
        await Act(number, Worker, new CaseCommand.Attach(file, 20));
        return file.Id;
    }
}

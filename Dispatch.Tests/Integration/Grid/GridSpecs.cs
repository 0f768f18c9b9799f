using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Grid;
using Dispatch.Workers.Reports;

namespace Dispatch.Tests.Integration.Grid;

/// <summary>
/// The last mile (网格) through the real API: a community forwards a case to its grid station, whose grid worker signs, verifies on site
/// with a photo and the coordinates, and replies, the community and the lead staying accountable; a grid worker's patrol report, routed
/// or closed on the spot with its staged photos in one step; the lists and the reports that count them; and each refusal.
/// </summary>
[Category("Integration")]
public sealed class GridSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private const string Bs1 = "ST-S01-C01-G01";

    /// <summary>A case led by GOV that 北山社区 (ST-S01-C01) holds, signed: where the grid's part starts.</summary>
    private async Task<CaseView> HeldByTheCommunity()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise("占道堆放建筑垃圾"));
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("GOV", [], null));
        var gov = await As("gov.handler");
        await gov.ActAsync(filed.Number, "sign");
        await gov.ActAsync(filed.Number, "forward", new ForwardRequest("ST-S01-C01", "请社区处理"));
        return await (await As("bs.handler")).ActAsync(filed.Number, "sign");
    }

    /// <summary>A case at the first grid station of 北山社区, signed by its grid worker.</summary>
    private async Task<CaseView> SignedByTheGridWorker()
    {
        var held = await HeldByTheCommunity();
        await (await As("bs.handler")).ActAsync(held.Number, "forward", new ForwardRequest(Bs1, "请网格员上门核实"));
        return await (await As("grid.bs1")).ActAsync(held.Number, "sign");
    }

    /// <summary>A file <paramref name="username"/> uploaded for a report not filed yet (POST /api/attachments): a photo, or a PDF.</summary>
    private async Task<Guid> Staged(string username, bool photo = true) =>
        (await (await As(username)).StageAsync(photo ? TestPhotos.Png() : TestPhotos.Pdf(), photo ? "现场.png" : "说明.pdf")).Id;

    private static string Worker(string username, string station) => $"handler:{username}@{station}";

    private static PatrolReportRequest Report(IReadOnlyList<Guid?> photos, bool onSpot = false, string? resolution = null) =>
        new("report", "010201", "人行道堆放建筑垃圾\n约3立方米", "北山路12号", 30.2601, 120.1402, photos, onSpot, resolution);

    private static Task<HttpResponseMessage> FileReportAsync(HttpClient client, PatrolReportRequest body) =>
        client.PostAsJsonAsync("/api/grid/patrol-reports", body, ApiClient.Json);

    private static async Task<CaseView> FiledReport(HttpClient client, PatrolReportRequest body)
    {
        using var response = await FileReportAsync(client, body);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
    }

    private static async Task<JsonElement> Refused(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        return await response.ProblemAsync();
    }

    [Test]
    public async Task A_grid_worker_signs_verifies_on_site_and_replies_and_the_community_and_the_lead_stay_accountable()
    {
        var held = await HeldByTheCommunity();
        var bs = await As("bs.handler");
        var worker = await As("grid.bs1");

        var forwarded = await bs.ActAsync(held.Number, "forward", new ForwardRequest(Bs1, "请网格员上门核实"));
        var signed = await worker.ActAsync(held.Number, "sign");
        var photo = await worker.AttachAsync(held.Number, TestPhotos.JpegWithGps(), "现场.jpg");
        var verified = await worker.ActAsync(held.Number, "site-visits", new SiteVisitRequest("现场确有建筑垃圾，已联系物业", 30.26012, 120.14021, [photo.Id]));
        var communitySees = await bs.GetCaseAsync(held.Number);
        var leadSees = await (await As("gov.handler")).GetCaseAsync(held.Number);
        var replied = await worker.ActAsync(held.Number, "reply", new TextRequest("物业已清运"));
        var history = await worker.GetHistoryAsync(held.Number);
        var files = await worker.AttachmentsAsync(held.Number);

        Assert.Multiple(() =>
        {
            Assert.That(held.AllowedActions, Does.Contain("forward"), "the community holding it may forward it to its grid");
            Assert.That((forwarded.Status, forwarded.HandlingDepartmentCode, forwarded.GridStationCode), Is.EqualTo(("dispatched", Bs1, Bs1)));
            Assert.That(signed.AllowedActions, Does.Contain("verify-on-site").And.Not.Contain("forward"));
            Assert.That((verified.Status, verified.SiteVisits), Is.EqualTo(("signed", 1)));
            Assert.That(communitySees.AllowedActions, Does.Contain("reply").And.Not.Contain("verify-on-site"), "the community stays accountable");
            Assert.That(leadSees.AllowedActions, Does.Contain("reply").And.Contain("forward"), "and the lead");
            Assert.That(replied.Status, Is.EqualTo("resolved"));
            var visit = history.Single(h => h.Action == "verify-on-site");
            Assert.That(visit.Actor, Is.EqualTo(Worker("grid.bs1", Bs1)));
            Assert.That(visit.Reason, Does.StartWith("on site at 30.260120,120.140210: 现场确有建筑垃圾").And.Contain(photo.Id.ToString()));
            Assert.That(files.Single().CitedBy, Is.EqualTo("verify-on-site"));
        });
    }

    [Test]
    public async Task A_community_forwards_only_to_its_own_grid_stations_and_only_the_grid_station_holding_a_case_verifies_it()
    {
        var held = await HeldByTheCommunity();
        var bs = await As("bs.handler");

        using var otherCommunitys = await bs.PostActionAsync(held.Number, "forward", new ForwardRequest("ST-S02-C01-G01", null));
        using var sibling = await bs.PostActionAsync(held.Number, "forward", new ForwardRequest("ST-S01-C02", null));
        using var byTheLead = await (await As("gov.handler")).PostActionAsync(held.Number, "forward", new ForwardRequest(Bs1, null));
        var photo = await bs.AttachAsync(held.Number, TestPhotos.Png(), "现场.png");
        using var communityVerifies = await bs.PostActionAsync(held.Number, "site-visits", new SiteVisitRequest("已核实", 30.26, 120.14, [photo.Id]));
        using var strangerVerifies = await (await As("grid.cy1")).PostActionAsync(held.Number, "site-visits",
            new SiteVisitRequest("已核实", 30.26, 120.14, [photo.Id]));

        Assert.Multiple(async () =>
        {
            Assert.That((await Refused(otherCommunitys, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("departmentCode")[0].GetString(),
                Is.EqualTo("'ST-S02-C01-G01' is a grid station of ST-S02-C01: only ST-S02-C01, holding the case, forwards to it."));
            Assert.That((await Refused(sibling, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("departmentCode")[0].GetString(),
                Does.Contain("forwards it only to its grid stations"));
            Assert.That((await Refused(byTheLead, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("departmentCode")[0].GetString(),
                Does.Contain("only ST-S01-C01, holding the case, forwards to it"), "the lead does not skip the community");
            Assert.That((await Refused(communityVerifies, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(),
                Does.Contain("only the grid station holding the case"), "a handler who is no grid worker");
            await Refused(strangerVerifies, HttpStatusCode.NotFound);
            Assert.That((await bs.GetCaseAsync(held.Number)).Version, Is.EqualTo(held.Version + 1), "only the upload changed it");
        });
    }

    [Test]
    public async Task A_verification_on_site_needs_the_coordinates_and_a_photo_of_the_case()
    {
        var signed = await SignedByTheGridWorker();
        var worker = await As("grid.bs1");
        var pdf = await worker.AttachAsync(signed.Number, TestPhotos.Pdf(), "通知.pdf");

        using var noCoordinates = await worker.PostActionAsync(signed.Number, "site-visits", new SiteVisitRequest("已核实", null, null, [pdf.Id]));
        using var outOfRange = await worker.PostActionAsync(signed.Number, "site-visits", new SiteVisitRequest("已核实", 91, 200, [pdf.Id]));
        using var noPhoto = await worker.PostActionAsync(signed.Number, "site-visits", new SiteVisitRequest("已核实", 30.26, 120.14, [pdf.Id]));
        using var notOnTheCase = await worker.PostActionAsync(signed.Number, "site-visits",
            new SiteVisitRequest("已核实", 30.26, 120.14, [Guid.CreateVersion7()]));
        var after = await worker.GetCaseAsync(signed.Number);

        Assert.Multiple(async () =>
        {
            var missing = (await Refused(noCoordinates, HttpStatusCode.BadRequest)).GetProperty("errors");
            Assert.That(missing.TryGetProperty("latitude", out _) && missing.TryGetProperty("longitude", out _), Is.True, missing.ToString());
            var range = (await Refused(outOfRange, HttpStatusCode.BadRequest)).GetProperty("errors");
            Assert.That(range.TryGetProperty("latitude", out _) && range.TryGetProperty("longitude", out _), Is.True, range.ToString());
            Assert.That((await Refused(noPhoto, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("attachmentIds")[0].GetString(),
                Does.StartWith("上门核实 shows the site"));
            Assert.That((await Refused(notOnTheCase, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("attachmentIds[0]", out _),
                Is.True);
            Assert.That((after.Version, after.SiteVisits), Is.EqualTo((signed.Version + 1, 0)), "nothing but the upload");
        });
    }

    [Test]
    public async Task A_patrol_report_is_filed_in_the_workers_grid_with_its_staged_photos_and_routed_like_any_case()
    {
        var photo = await Staged("grid.bs2");
        var document = await Staged("grid.bs2", photo: false);
        var worker = await As("grid.bs2");

        var report = await FiledReport(worker, Report([photo, document]));
        var seen = await worker.GetCaseAsync(report.Number);
        var files = await Hotline.Api.AttachmentsAsync(report.Number);
        var history = await Hotline.Api.GetHistoryAsync(report.Number);
        var announced = await Db.ScalarAsync<long>(
            "select count(*) from outbox o join cases c on c.id = o.case_id where c.number = @Number and o.message_type like '%CaseFiled%'",
            new { report.Number });

        Assert.Multiple(() =>
        {
            Assert.That((report.Channel, report.Status, report.RequestType), Is.EqualTo(("grid-patrol", "filed", "report")));
            Assert.That(report.Location, Is.EqualTo(new LocationView("DM", "DM-S01", "DM-S01-C01", "DM-S01-C01-G02", "北山路12号", 30.2601, 120.1402)));
            Assert.That((report.PatrolStationCode, report.Title), Is.EqualTo(("ST-S01-C01-G02", "人行道堆放建筑垃圾")));
            Assert.That(seen.AllowedActions, Is.EquivalentTo(new[] { "add-note", "attach" }), "its grid station follows it");
            Assert.That(files.Select(f => f.Id), Is.EquivalentTo(new[] { photo, document }));
            Assert.That(files.Select(f => f.CitedBy), Is.All.Null);
            Assert.That(history.Single().Reason, Does.Contain(photo.ToString()).And.Contain(document.ToString()));
            Assert.That(announced, Is.EqualTo(1), "announced as filed: the router dispatches it like any case");
        });
    }

    [Test]
    public async Task A_patrol_report_retried_under_its_key_answers_the_case_it_filed_and_files_nothing_twice()
    {
        var worker = await As("grid.bs2");
        var body = Report([await Staged("grid.bs2")]);
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> Send(PatrolReportRequest report)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/api/grid/patrol-reports") { Content = JsonContent.Create(report, options: ApiClient.Json) };
            message.Headers.Add(CasesApi.IdempotencyKeyHeader, key);
            return worker.SendAsync(message);
        }

        using var first = await Send(body);
        var filed = await first.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json);
        var cases = await Db.ScalarAsync<long>("select count(*) from cases where channel = 'grid-patrol'");
        using var retry = await Send(body);
        var replayed = await retry.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json);
        using var other = await Send(body with { Description = "另一处堆放" });

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a phone that lost the answer gets the case it filed");
            Assert.That(replayed!.Number, Is.EqualTo(filed!.Number));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from cases where channel = 'grid-patrol'"), Is.EqualTo(cases));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "the same key for another report");
        });
    }

    [Test]
    public async Task A_patrol_report_resolved_there_is_closed_on_the_spot_in_one_step_with_its_evidence()
    {
        var photo = await Staged("grid.bs1");
        var worker = await As("grid.bs1");

        var report = await FiledReport(worker, Report([photo], onSpot: true, resolution: "已当场清理，恢复通行"));
        var history = await Hotline.Api.GetHistoryAsync(report.Number);
        var file = (await Hotline.Api.AttachmentsAsync(report.Number)).Single();
        var announced = await Db.ScalarAsync<long>(
            "select count(*) from outbox o join cases c on c.id = o.case_id where c.number = @Number and o.message_type like '%CaseFiled%'",
            new { report.Number });

        Assert.Multiple(() =>
        {
            Assert.That((report.Status, report.CloseOutcome, report.Reply), Is.EqualTo(("closed", "on-spot", "已当场清理，恢复通行")));
            Assert.That(report.ClosedAt, Is.Not.Null);
            Assert.That(history.Select(h => h.Action), Is.EqualTo(new[] { "file", "close-on-spot" }));
            Assert.That(history[1].Actor, Is.EqualTo(Worker("grid.bs1", Bs1)));
            Assert.That(history[1].Reason, Does.StartWith("已当场清理，恢复通行").And.Contain(photo.ToString()));
            Assert.That((file.Id, file.CitedBy, file.CitedSeq), Is.EqualTo((photo, "close-on-spot", (int?)2)));
            Assert.That(announced, Is.Zero, "nothing to route");
        });
    }

    [Test]
    public async Task A_patrol_report_is_refused_to_anyone_but_a_grid_worker_and_without_its_own_staged_photo_and_writes_nothing()
    {
        var worker = await As("grid.cy1");
        var mine = await Staged("grid.cy1");
        var someoneElses = await Staged("grid.cy2");
        var aDocument = await Staged("grid.cy1", photo: false);
        var before = await Db.ScalarAsync<long>("select count(*) from cases");

        using var byAHandler = await FileReportAsync(await As("um.handler"), Report([mine]));
        using var byTheCommunity = await FileReportAsync(await As("cy1.handler"), Report([mine]));
        using var noCoordinates = await FileReportAsync(worker, Report([mine]) with { Latitude = null, Longitude = null });
        using var noPhoto = await FileReportAsync(worker, Report([]));
        using var noResolution = await FileReportAsync(worker, Report([mine], onSpot: true));
        using var notMine = await FileReportAsync(worker, Report([someoneElses]));
        using var onlyADocument = await FileReportAsync(worker, Report([aDocument]));
        using var mineAndNotMine = await FileReportAsync(worker, Report([mine, someoneElses]));
        var after = await Db.ScalarAsync<long>("select count(*) from cases");
        var stillStaged = await Db.ScalarAsync<long>("select count(*) from case_attachments where id = @Id and case_id is null", new { Id = mine });

        Assert.Multiple(async () =>
        {
            await Refused(byAHandler, HttpStatusCode.Forbidden);
            await Refused(byTheCommunity, HttpStatusCode.Forbidden);
            var missing = (await Refused(noCoordinates, HttpStatusCode.BadRequest)).GetProperty("errors");
            Assert.That(missing.TryGetProperty("latitude", out _) && missing.TryGetProperty("longitude", out _), Is.True, missing.ToString());
            Assert.That((await Refused(noPhoto, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("attachmentIds", out _), Is.True);
            Assert.That((await Refused(noResolution, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("resolution", out _), Is.True);
            Assert.That((await Refused(notMine, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("attachmentIds[0]", out _), Is.True);
            Assert.That((await Refused(onlyADocument, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("attachmentIds")[0].GetString(),
                Does.Contain("at least one photo"));
            Assert.That((await Refused(mineAndNotMine, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("attachmentIds[1]", out _), Is.True);
            Assert.That(after, Is.EqualTo(before), "no case");
            Assert.That(stillStaged, Is.EqualTo(1), "the worker's photo is still theirs to file");
        });
    }

    [Test]
    public async Task A_grid_worker_lists_their_own_patrol_reports_and_the_center_every_stations()
    {
        var cy2 = await As("grid.cy2");
        var first = await FiledReport(cy2, Report([await Staged("grid.cy2")]));
        var second = await FiledReport(cy2, Report([await Staged("grid.cy2")], onSpot: true, resolution: "已处理"));

        var own = (await cy2.GetFromJsonAsync<PatrolReportPage>("/api/grid/patrol-reports?pageSize=100", ApiClient.Json))!;
        var sibling = (await (await As("grid.cy1")).GetFromJsonAsync<PatrolReportPage>("/api/grid/patrol-reports?pageSize=100", ApiClient.Json))!;
        var center = (await (await As("dispatcher1")).GetFromJsonAsync<PatrolReportPage>("/api/grid/patrol-reports?pageSize=100", ApiClient.Json))!;
        var paged = (await cy2.GetFromJsonAsync<PatrolReportPage>("/api/grid/patrol-reports?page=2&pageSize=1", ApiClient.Json))!;
        string Day(int days) => DateTimeOffset.UtcNow.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = (await cy2.GetFromJsonAsync<PatrolReportPage>($"/api/grid/patrol-reports?from={Day(-30)}&to={Day(-3)}", ApiClient.Json))!;
        using var notAGridWorker = await (await As("um.handler")).GetAsync(new Uri("/api/grid/patrol-reports", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(own.Items.Select(r => r.Number), Is.EqualTo(new[] { second.Number, first.Number }), "newest first");
            Assert.That(own.Total, Is.EqualTo(2));
            Assert.That(own.Items.Select(r => r.ResolvedOnSpot), Is.EqualTo(new[] { true, false }));
            Assert.That(sibling.Items.Select(r => r.Number), Does.Not.Contain(first.Number));
            Assert.That(center.Items.Select(r => r.Number), Does.Contain(first.Number).And.Contain(second.Number));
            Assert.That(center.Items.Select(r => r.PatrolStationCode).Distinct().Count(), Is.GreaterThanOrEqualTo(1));
            Assert.That((paged.Items.Single().Number, paged.Total), Is.EqualTo((first.Number, 2L)));
            Assert.That(before.Total, Is.Zero, "nothing filed before the period");
            await Refused(notAGridWorker, HttpStatusCode.Forbidden);
        });
    }

    [Test]
    public async Task The_grid_report_counts_forwards_patrol_reports_those_resolved_on_the_spot_and_verifications_per_grid_station()
    {
        const string station = "ST-S02-C01-G02";
        var supervisor = await As("supervisor1");
        var row = async () => (await supervisor.GetFromJsonAsync<GridReport>("/api/reports/grid", ApiClient.Json))!.Stations.Single(s => s.StationCode == station);
        var channel = async () => (await supervisor.GetFromJsonAsync<ChannelReport>("/api/reports/channels", ApiClient.Json))!
            .Channels.Single(c => c.Channel == "grid-patrol").Cases;
        var before = await row();
        var patrolBefore = await channel();

        var worker = await As("grid.cy2");
        await FiledReport(worker, Report([await Staged("grid.cy2")]));
        await FiledReport(worker, Report([await Staged("grid.cy2")], onSpot: true, resolution: "已处理"));
        await FiledReport(worker, Report([await Staged("grid.cy2")], onSpot: true, resolution: "已处理"));
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("ST-S02-C01", [], null));
        var cy1 = await As("cy1.handler");
        await cy1.ActAsync(filed.Number, "sign");
        await cy1.ActAsync(filed.Number, "forward", new ForwardRequest(station, null));
        await worker.ActAsync(filed.Number, "sign");
        var photo = await worker.AttachAsync(filed.Number, TestPhotos.Png(), "现场.png");
        await worker.ActAsync(filed.Number, "site-visits", new SiteVisitRequest("已核实", 30.28, 120.13, [photo.Id]));
        await worker.ActAsync(filed.Number, "site-visits", new SiteVisitRequest("再次核实", 30.28, 120.13, [(await worker.AttachAsync(filed.Number, TestPhotos.Png(), "复查.png")).Id]));
        var after = await row();
        var patrolAfter = await channel();
        using var handler = await cy1.GetAsync(new Uri("/api/reports/grid", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(after.Forwarded - before.Forwarded, Is.EqualTo(1));
            Assert.That(after.VerifiedOnSite - before.VerifiedOnSite, Is.EqualTo(1), "a case verified twice counts once");
            Assert.That(after.PatrolReports - before.PatrolReports, Is.EqualTo(3));
            Assert.That(after.ResolvedOnSpot - before.ResolvedOnSpot, Is.EqualTo(2));
            Assert.That(after.ResolvedOnSpotShare.Denominator, Is.EqualTo(after.PatrolReports));
            Assert.That((after.CommunityCode, after.GridCode), Is.EqualTo(("ST-S02-C01", "DM-S02-C01-G02")));
            Assert.That(patrolAfter - patrolBefore, Is.EqualTo(3));
            await Refused(handler, HttpStatusCode.Forbidden);
        });
    }

    [Test]
    public async Task The_session_tells_a_grid_worker_from_everyone_else()
    {
        var worker = (await (await As("grid.bs1")).GetFromJsonAsync<SessionUser>("/api/session", ApiClient.Json))!;
        var community = (await (await As("bs.handler")).GetFromJsonAsync<SessionUser>("/api/session", ApiClient.Json))!;
        var departments = (await Hotline.Api.GetFromJsonAsync<List<Dispatch.Workers.Catalogue.Department>>("/api/departments", ApiClient.Json))!;

        Assert.Multiple(() =>
        {
            Assert.That((worker.GridWorker, worker.DepartmentKind, worker.GridAreaCode, worker.DepartmentCode),
                Is.EqualTo((true, "grid-station", "DM-S01-C01-G01", Bs1)));
            Assert.That((community.GridWorker, community.DepartmentKind, community.GridAreaCode), Is.EqualTo((false, "community", (string?)null)));
            Assert.That(departments.Where(d => d.Kind == "grid-station").Select(d => (d.Code, d.ParentCode, d.AreaCode)), Is.EquivalentTo(new[]
            {
                ("ST-S01-C01-G01", "ST-S01-C01", "DM-S01-C01-G01"), ("ST-S01-C01-G02", "ST-S01-C01", "DM-S01-C01-G02"),
                ("ST-S02-C01-G01", "ST-S02-C01", "DM-S02-C01-G01"), ("ST-S02-C01-G02", "ST-S02-C01", "DM-S02-C01-G02"),
            }));
        });
    }
}

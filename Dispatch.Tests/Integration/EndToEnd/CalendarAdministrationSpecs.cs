using System.Net;
using System.Net.Http.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Apis.Administration;
using Dispatch.Tests.Support;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// An administrator sees that 2027 has no holiday data yet and adds its notice; a deadline running into
/// 2027 warns until then. (2027's dates here are a test's, not the real notice, which is not out yet.)
/// </summary>
[Category("Integration")]
public sealed class CalendarAdministrationSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    private static readonly DateTimeOffset LateDecember = new(2026, 12, 28, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly ManualClock _clock = new(LateDecember);

    private async Task<List<CalendarSummary>> Calendars() =>
        (await (await Hotline.As("admin1")).GetFromJsonAsync<List<CalendarSummary>>(new Uri("/api/calendars", UriKind.Relative), ApiClient.Json))!;

    private async Task<ClockExplanation> ReplyClockOfANewCase()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await (await Hotline.As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
        var clocks = await (await Hotline.As("supervisor1")).GetFromJsonAsync<List<ClockExplanation>>(
            new Uri($"/api/cases/{filed.Number}/deadlines", UriKind.Relative), ApiClient.Json);
        return clocks!.Single(c => c.Clock == "reply");
    }

    [Test]
    [Order(1)]
    public async Task A_missing_year_is_shown_and_warned_about_until_its_notice_is_added()
    {
        var before = (await Calendars()).Single(c => c.Code == "CENTER");
        var warned = await ReplyClockOfANewCase();
        var admin = await Hotline.As("admin1");

        using var added = await admin.PostAsJsonAsync(new Uri("/api/calendars/CENTER/years", UriKind.Relative), new YearNoticeRequest(2027, "test notice (not the real 2027 notice)",
        [
            new("2027-01-01", "holiday", "元旦"), new("2027-01-04", "make-up-workday", "调休上班"),
        ]), ApiClient.Json);
        using var again = await admin.PostAsJsonAsync(new Uri("/api/calendars/CENTER/years", UriKind.Relative),
            new YearNoticeRequest(2027, "twice", [new("2027-05-01", "holiday", "劳动节")]), ApiClient.Json);
        var after = (await Calendars()).Single(c => c.Code == "CENTER");
        var covered = await ReplyClockOfANewCase();

        Assert.Multiple(() =>
        {
            Assert.That(before.MissingYears, Is.EqualTo(new[] { 2027 }));
            Assert.That(warned.Warnings.Single(), Does.Contain("no holiday data for 2027"));
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(after.MissingYears, Is.Empty);
            Assert.That(after.Version, Is.EqualTo(before.Version + 1));
            Assert.That(after.History[^1].ChangedBy, Is.EqualTo("admin:admin1"));
            Assert.That(after.History[^1].Change, Does.Contain("added 2027"));
            Assert.That(covered.Warnings, Is.Empty);
            Assert.That(covered.Calendar.Version, Is.EqualTo(after.Version), "the clock records the calendar version it used");
            Assert.That(covered.DaysSkipped.Select(d => (d.Date, d.Reason)), Does.Contain((new DateOnly(2027, 1, 1), "holiday")));
        });
    }

    [Test]
    [Order(2)]
    public async Task A_local_holiday_is_added_to_one_calendar_and_counted_from_then_on()
    {
        var admin = await Hotline.As("admin1");

        using var added = await admin.PostAsJsonAsync(new Uri("/api/calendars/CENTER/days", UriKind.Relative),
            new CalendarDayRequest("2026-12-29", "holiday", "地方节日（测试）", "local regulation (test)"), ApiClient.Json);
        using var duplicate = await admin.PostAsJsonAsync(new Uri("/api/calendars/CENTER/days", UriKind.Relative),
            new CalendarDayRequest("2026-12-29", "holiday", "again", "x"), ApiClient.Json);
        var reply = await ReplyClockOfANewCase();

        Assert.Multiple(() =>
        {
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(reply.DaysSkipped.Select(d => (d.Date, d.Name)), Does.Contain((new DateOnly(2026, 12, 29), (string?)"地方节日（测试）")));
        });
    }

    [Test]
    [Order(3)]
    public async Task A_year_is_read_with_its_days_and_a_day_decided_on_a_stale_version_is_refused()
    {
        var admin = await Hotline.As("admin1");
        async Task<CalendarYearView> Year(string query) =>
            (await admin.GetFromJsonAsync<CalendarYearView>(new Uri($"/api/calendars/CENTER/days{query}", UriKind.Relative), ApiClient.Json))!;

        var before = await Year("?year=2026");
        using var added = await admin.PostAsJsonAsync(new Uri("/api/calendars/CENTER/days", UriKind.Relative),
            new CalendarDayRequest("2026-12-31", "holiday", "年末休息日（测试）", "local regulation (test)", before.Version), ApiClient.Json);
        using var stale = await admin.PostAsJsonAsync(new Uri("/api/calendars/CENTER/days", UriKind.Relative),
            new CalendarDayRequest("2026-12-30", "holiday", "过期版本（测试）", "x", before.Version), ApiClient.Json);
        using var staleYear = await admin.PostAsJsonAsync(new Uri("/api/calendars/CENTER/years", UriKind.Relative),
            new YearNoticeRequest(2029, "x", [new("2029-01-01", "holiday", "元旦")], before.Version), ApiClient.Json);
        var after = await Year("");
        var next = await Year("?year=2030");
        using var badYear = await admin.GetAsync(new Uri("/api/calendars/CENTER/days?year=1999", UriKind.Relative));
        using var unknown = await admin.GetAsync(new Uri("/api/calendars/NOPE/days?year=2026", UriKind.Relative));
        using var handler = await (await Hotline.As("um.handler")).GetAsync(new Uri("/api/calendars/CENTER/days", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(before.Covered, Is.True, "2026's notice ships with the demo");
            Assert.That(before.Week["Monday"], Is.Not.Empty, "the week, so the year view knows a working day from a day off");
            Assert.That(before.Week.ContainsKey("Sunday") ? before.Week["Sunday"] : [], Is.Empty);
            Assert.That(before.Name, Is.Not.Empty);
            Assert.That(before.Days.Select(d => (d.Date, d.Kind)), Does.Contain((new DateOnly(2026, 10, 1), "holiday")));
            Assert.That(before.Days.Any(d => d.Kind == "make-up-workday"), Is.True, "the make-up working days (调休) are listed too");
            Assert.That(before.Days.All(d => d.Date.Year == 2026), Is.True);
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(staleYear.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(after.Year, Is.EqualTo(2026), "this year by default (the clock stands in late December 2026)");
            Assert.That(after.Version, Is.EqualTo(before.Version + 1), "the stale changes wrote nothing");
            Assert.That(after.Days.Select(d => (d.Date, d.Name)), Does.Contain((new DateOnly(2026, 12, 31), "年末休息日（测试）")));
            Assert.That(after.Days.Select(d => d.Date), Does.Not.Contain(new DateOnly(2026, 12, 30)));
            Assert.That(next.Covered, Is.False);
            Assert.That(next.Days, Is.Empty);
            Assert.That(badYear.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(handler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Only_administrators_change_calendars_and_bad_notices_are_refused_by_field()
    {
        using var dispatcher = await (await Hotline.As("dispatcher1")).PostAsJsonAsync(new Uri("/api/calendars/CENTER/days", UriKind.Relative),
            new CalendarDayRequest("2026-12-30", "holiday", "x", "x"), ApiClient.Json);
        using var handler = await (await Hotline.As("um.handler")).GetAsync(new Uri("/api/calendars", UriKind.Relative));
        using var bad = await (await Hotline.As("admin1")).PostAsJsonAsync(new Uri("/api/calendars/CENTER/years", UriKind.Relative),
            new YearNoticeRequest(2028, "", [new("2029-01-01", "holiday", "元旦"), new("2028-13-01", "day-off", "")]), ApiClient.Json);
        using var ancient = await (await Hotline.As("admin1")).PostAsJsonAsync(new Uri("/api/calendars/CENTER/days", UriKind.Relative),
            new CalendarDayRequest("0001-01-01", "holiday", "x", "x"), ApiClient.Json);
        using var unknown = await (await Hotline.As("admin1")).PostAsJsonAsync(new Uri("/api/calendars/NOPE/days", UriKind.Relative),
            new CalendarDayRequest("2026-12-30", "holiday", "x", "x"), ApiClient.Json);
        var errors = (await bad.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(dispatcher.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(handler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(errors, Is.EquivalentTo(new[] { "source", "days[0].date", "days[1].date", "days[1].kind", "days[1].name" }));
            Assert.That(ancient.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the default date is a date, not a missing one");
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}

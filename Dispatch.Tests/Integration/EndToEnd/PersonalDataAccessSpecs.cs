using System.Net;
using System.Net.Http.Json;
using Dapper;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Privacy;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// Every answer that shows a caller's name or phone unmasked is recorded before it is given — who, when, through which endpoint,
/// which case — and only admins and supervisors read that record. With nothing in the background and a clock the spec sets, every
/// row here is one the spec caused, at a time it knows.
/// </summary>
[Category("Integration")]
public sealed class PersonalDataAccessSpecs : HotlineFixture
{
    private const string Log = "/api/personal-data-access";
    private const string Lookup = "/api/cases/caller-lookup";

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, Beijing);

    private readonly ManualClock _clock = new(Start);

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    [SetUp]
    public void BackToTheStart() => _clock.Set(Start);

    private static string UniquePhone() => $"1370000{Random.Shared.Next(1000, 9999)}";

    private async Task<CaseView> Filed(bool confidential = false, string? name = "李四", string? phone = null) =>
        await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { Caller = new CallerInput(name, phone ?? (name is null ? null : UniquePhone()), confidential) });

    private async Task<PersonalDataAccessPage> LogAsync(string query, string user = "supervisor1") =>
        (await (await As(user)).GetFromJsonAsync<PersonalDataAccessPage>(new Uri($"{Log}?{query}", UriKind.Relative), ApiClient.Json))!;

    private async Task<IReadOnlyList<PersonalDataAccess>> AccessesOf(string number) => (await LogAsync($"caseNumber={number}&pageSize=200")).Items;

    private async Task<HttpResponseMessage> LookUp(string user, object body) =>
        await (await As(user)).PostAsJsonAsync(new Uri(Lookup, UriKind.Relative), body, ApiClient.Json);

    [Test]
    public async Task A_center_read_is_recorded_with_the_actor_the_endpoint_and_the_time_before_it_is_answered()
    {
        var filed = await Filed();
        _clock.Advance(TimeSpan.FromMinutes(7));

        var read = await (await As("dispatcher1")).GetCaseAsync(filed.Number);
        var accesses = await AccessesOf(filed.Number);

        Assert.Multiple(() =>
        {
            Assert.That(read.Caller.Name, Is.EqualTo("李四"));
            Assert.That(accesses.Select(a => (a.Actor, a.Username, a.Role, a.Endpoint, a.CaseNumber, a.CasesShown, a.AccessedAt)), Is.EqualTo(new[]
            {
                ("dispatcher:dispatcher1", "dispatcher1", "dispatcher", "GetCase", filed.Number, (int?)null, _clock.GetUtcNow()),
            }), "filing shows back only what the agent sent: no access");
        });
    }

    [Test]
    public async Task An_action_answer_that_shows_the_caller_is_recorded_under_the_actions_name()
    {
        var filed = await Filed();

        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
        await (await As("um.handler")).ActAsync(filed.Number, "sign");

        Assert.That((await AccessesOf(filed.Number)).Select(a => (a.Actor, a.Endpoint)), Is.EqualTo(new[]
        {
            ("handler:um.handler@UM", "CaseAction:sign"), ("dispatcher:dispatcher1", "CaseAction:dispatch"),
        }), "a caller who is not confidential is shown to the department too; newest first");
    }

    [Test]
    public async Task A_confidential_caller_masked_for_a_department_and_a_case_without_caller_data_are_not_recorded()
    {
        var confidential = await Filed(confidential: true);
        var anonymous = await Filed(name: null);
        await (await As("dispatcher1")).ActAsync(confidential.Number, "dispatch", new DispatchRequest("UM", ["ENV"], null));
        var um = await As("um.handler");

        var masked = await um.GetCaseAsync(confidential.Number);
        var signed = await um.ActAsync(confidential.Number, "sign");
        await (await As("env.handler")).GetCaseAsync(confidential.Number);
        var nobody = await (await As("dispatcher1")).GetCaseAsync(anonymous.Number);

        Assert.Multiple(async () =>
        {
            Assert.That((masked.Caller.Name, signed.Caller.Phone), Is.EqualTo((CaseAccess.Masked, CaseAccess.Masked)));
            Assert.That((nobody.Caller.Name, nobody.Caller.Phone), Is.EqualTo(((string?)null, (string?)null)));
            Assert.That((await AccessesOf(confidential.Number)).Select(a => (a.Actor, a.Endpoint)),
                Is.EqualTo(new[] { ("dispatcher:dispatcher1", "CaseAction:dispatch") }), "only the center's answer showed the caller");
            Assert.That(await AccessesOf(anonymous.Number), Is.Empty);
        });
    }

    [Test]
    public async Task The_caller_lookup_takes_the_phone_in_the_body_and_records_each_case_it_lists_with_the_count()
    {
        var phone = UniquePhone();
        var first = await Filed(phone: phone);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Filed(confidential: true, phone: phone);
        var before = (await LogAsync("endpoint=LookUpCaller&pageSize=1")).Total;

        using var lookup = await LookUp("visitor1", new CallerLookupRequest(phone));
        var listed = await lookup.Content.ReadFromJsonAsync<List<CaseSummary>>(ApiClient.Json);
        using var nothing = await LookUp("agent1", new CallerLookupRequest("13000000000"));
        using var gone = await Hotline.Api.GetAsync(new Uri($"/api/cases?callerPhone={phone}", UriKind.Relative));
        using var badPhone = await LookUp("agent1", new { phone = "call me" });
        var recorded = await LogAsync("endpoint=LookUpCaller&actor=visitor1&pageSize=200");

        Assert.Multiple(async () =>
        {
            Assert.That(listed!.Select(c => c.Number), Is.EqualTo(new[] { second.Number, first.Number }));
            Assert.That(recorded.Items.Where(a => a.CaseNumber == first.Number || a.CaseNumber == second.Number)
                    .Select(a => (a.CaseNumber, a.CasesShown, a.Actor)).OrderBy(a => a.CaseNumber),
                Is.EqualTo(new[] { (first.Number, (int?)2, "visitor:visitor1"), (second.Number, (int?)2, "visitor:visitor1") }.OrderBy(a => a.Item1)));
            Assert.That((await LogAsync("endpoint=LookUpCaller&pageSize=1")).Total, Is.EqualTo(before + 2), "a lookup that lists nothing records nothing");
            Assert.That(nothing.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            // GET /api/cases is now the center's list of cases: it refuses a parameter it does not know rather than list everything.
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the GET with the phone in the query string is gone");
            Assert.That((await gone.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "callerPhone" }));
            Assert.That(badPhone.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await badPhone.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "phone" }));
        });
    }

    [Test]
    public async Task The_log_is_listed_newest_first_filtered_by_actor_case_endpoint_and_time_and_paged()
    {
        // A day of its own, far from the other specs' reads, so the time filters see only these.
        var day = new DateTimeOffset(2027, 3, 15, 9, 0, 0, Beijing);
        _clock.Set(day);
        var a = await Filed();
        var b = await Filed();
        await (await As("dispatcher1")).GetCaseAsync(a.Number);
        _clock.Set(day.AddHours(1));
        await (await As("agent1")).GetCaseAsync(b.Number);
        _clock.Set(day.AddHours(2));
        await (await As("visitor1")).GetCaseAsync(a.Number);
        _clock.Set(day.AddDays(1));
        await (await As("agent2")).GetCaseAsync(a.Number);

        var ofA = await LogAsync($"caseNumber={a.Number}", "admin1");
        var byDispatcher = await LogAsync($"caseNumber={a.Number}&actor=dispatcher1");
        var window = await LogAsync("from=2027-03-15T09:30:00%2B08:00&to=2027-03-15T11:00:00Z&endpoint=GetCase");
        var localDay = await LogAsync("from=2027-03-15&to=2027-03-15");
        var secondPage = await LogAsync($"caseNumber={a.Number}&page=2&pageSize=1");
        var unencodedPlus = await LogAsync("from=2027-03-16T00:00:00+08:00&to=2027-03-17");

        Assert.Multiple(() =>
        {
            Assert.That(ofA.Items.Select(x => (x.Username, x.AccessedAt)), Is.EqualTo(new[]
            {
                ("agent2", day.AddDays(1)), ("visitor1", day.AddHours(2)), ("dispatcher1", day),
            }));
            Assert.That(byDispatcher.Items.Select(x => x.Username), Is.EqualTo(new[] { "dispatcher1" }));
            Assert.That(window.Items.Select(x => (x.Username, x.CaseNumber)), Is.EqualTo(new[] { ("visitor1", a.Number), ("agent1", b.Number) }));
            Assert.That(localDay.Items.Select(x => x.Username), Is.EqualTo(new[] { "visitor1", "agent1", "dispatcher1" }), "a local date is the whole day");
            Assert.That((secondPage.Items.Single().Username, secondPage.Page, secondPage.PageSize, secondPage.Total), Is.EqualTo(("visitor1", 2, 1, 3L)));
            Assert.That(unencodedPlus.Items.Select(x => x.Username), Is.EqualTo(new[] { "agent2" }));
        });
    }

    [Test]
    public async Task Every_bad_filter_is_a_400_naming_its_field()
    {
        var supervisor = await As("supervisor1");

        using var many = await supervisor.GetAsync(new Uri(
            $"{Log}?actor=a%20b&caseNumber=123&endpoint=FindCasesByCaller&from=yesterday&page=0&pageSize=1000", UriKind.Relative));
        using var reversed = await supervisor.GetAsync(new Uri($"{Log}?from=2026-05-02&to=2026-05-01", UriKind.Relative));
        using var noOffset = await supervisor.GetAsync(new Uri($"{Log}?to=2026-05-01T10:00:00&page=x", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(many.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await many.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "actor", "caseNumber", "endpoint", "from", "page", "pageSize" }));
            Assert.That((await reversed.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "to" }));
            Assert.That((await noOffset.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "to", "page" }));
        });
    }

    [TestCase("agent1", HttpStatusCode.Forbidden)]
    [TestCase("dispatcher1", HttpStatusCode.Forbidden)]
    [TestCase("visitor1", HttpStatusCode.Forbidden)]
    [TestCase("um.handler", HttpStatusCode.Forbidden)]
    [TestCase("supervisor1", HttpStatusCode.OK)]
    [TestCase("admin1", HttpStatusCode.OK)]
    public async Task Only_admins_and_supervisors_read_the_log(string user, HttpStatusCode expected)
    {
        using var response = await (await As(user)).GetAsync(new Uri(Log, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [TestCase("update personal_data_access set actor = 'someone-else' where case_number = @number")]
    [TestCase("delete from personal_data_access where case_number = @number")]
    [TestCase("truncate personal_data_access")]
    public async Task The_log_refuses_to_change_or_lose_a_row(string statement)
    {
        var filed = await Filed();
        await (await As("dispatcher1")).GetCaseAsync(filed.Number);

        Assert.That(async () => await Db.ScalarAsync<int>(statement + "; select 1", new { number = filed.Number }),
            Throws.InstanceOf<Npgsql.PostgresException>().With.Message.Contains("append-only"));
        Assert.That(await AccessesOf(filed.Number), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_answer_whose_access_cannot_be_recorded_is_not_given_but_a_503()
    {
        var filed = await Filed();
        var dispatcher = await As("dispatcher1");
        await dispatcher.ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
        // The log fails for this case only, as a full disk or a lost permission would.
        await using (var connection = await Db.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync($"""
                create function refuse_access_{filed.Number}() returns trigger language plpgsql as $$
                begin raise exception 'the log is unavailable'; end; $$;
                create trigger refuse_access_{filed.Number} before insert on personal_data_access
                    for each row when (new.case_number = '{filed.Number}') execute function refuse_access_{filed.Number}();
                """);
        }

        using var read = await dispatcher.GetAsync(new Uri($"/api/cases/{filed.Number}", UriKind.Relative));
        var readBody = await read.Content.ReadAsStringAsync();
        using var urged = await dispatcher.PostActionAsync(filed.Number, "urge", new NoteRequest("请尽快处理"));
        var urgedBody = await urged.Content.ReadAsStringAsync();
        var history = await (await As("supervisor1")).GetHistoryAsync(filed.Number);

        Assert.Multiple(() =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(read.Headers.RetryAfter, Is.Not.Null);
            Assert.That(readBody, Does.Not.Contain("李四").And.Not.Contain("1370000"));
            Assert.That(urged.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(urgedBody, Does.Contain("The action was done").And.Not.Contain("李四"));
            Assert.That(history[^1].Action, Is.EqualTo("urge"), "the action itself was done; only its answer was withheld");
        });
    }
}

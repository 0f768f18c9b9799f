using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The center's desk and who may do what, through the real API with nothing routing in the background:
/// a filed case stays filed until a person acts, so every outcome here is decided by the spec alone.
/// </summary>
[Category("Integration")]
public sealed class CenterDeskSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;


    /// <summary>A complaint dispatched by hand to UM (lead) with ENV assisting.</summary>
    private async Task<CaseView> DispatchedToUm(bool confidential = false)
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with
        {
            Caller = new Dispatch.Api.Intake.CallerInput("张三", "13800138000", confidential),
        });
        return await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", ["ENV"], "人工派单"));
    }

    [Test]
    public async Task A_dispatcher_dispatches_a_filed_case_by_hand_and_the_audit_names_the_dispatcher()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());

        using var unknown = await (await As("dispatcher1")).PostActionAsync(filed.Number, "dispatch", new DispatchRequest("NOPE", [], null));
        using var center = await (await As("dispatcher1")).PostActionAsync(filed.Number, "dispatch", new DispatchRequest("CENTER", [], null));
        var dispatched = await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("PSB", ["UM"], "人工派单"));
        var history = await Hotline.Api.GetHistoryAsync(filed.Number);

        Assert.Multiple(() =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(center.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((dispatched.Status, dispatched.LeadDepartmentCode), Is.EqualTo(("dispatched", "PSB")));
            Assert.That(dispatched.AssistingDepartmentCodes, Is.EqualTo(new[] { "UM" }));
            Assert.That((history[^1].Action, history[^1].Actor, history[^1].Reason),
                Is.EqualTo(("dispatch", "dispatcher:dispatcher1", (string?)"to PSB with UM: 人工派单")));
        });
    }

    [Test]
    public async Task An_agent_closes_a_consultation_on_the_call_but_not_a_complaint()
    {
        var consultation = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { RequestType = "consultation", CategoryCode = "100102" });
        var complaint = await Hotline.Api.FileCaseAsync(Requests.NightNoise());

        var closed = await Hotline.Api.ActAsync(consultation.Number, "close-directly", new CloseDirectlyRequest("已解答办理流程"));
        using var refused = await Hotline.Api.PostActionAsync(complaint.Number, "close-directly", new CloseDirectlyRequest("已解答"));

        Assert.Multiple(() =>
        {
            Assert.That((closed.Status, closed.CloseOutcome, closed.Reply), Is.EqualTo(("closed", "direct", (string?)"已解答办理流程")));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        });
    }

    [Test]
    public async Task An_agent_finds_a_callers_earlier_cases_by_phone_newest_first()
    {
        var phone = $"1390000{Random.Shared.Next(1000, 9999)}";
        var first = await Hotline.Api.FileCaseAsync(Requests.NightNoise("第一次来电") with { Caller = new("王五", phone, false) });
        var second = await Hotline.Api.FileCaseAsync(Requests.NightNoise("第二次来电") with { Caller = new("王五", phone, false) });

        using var lookup = await Hotline.Api.PostAsJsonAsync(new Uri("/api/cases/caller-lookup", UriKind.Relative), new CallerLookupRequest(phone), ApiClient.Json);
        var found = await lookup.Content.ReadFromJsonAsync<List<CaseSummary>>(ApiClient.Json);
        using var handler = await (await As("um.handler")).PostAsJsonAsync(new Uri("/api/cases/caller-lookup", UriKind.Relative),
            new CallerLookupRequest(phone), ApiClient.Json);
        using var noPhone = await Hotline.Api.PostAsJsonAsync(new Uri("/api/cases/caller-lookup", UriKind.Relative), new CallerLookupRequest(null), ApiClient.Json);

        Assert.Multiple(async () =>
        {
            Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(found!.Select(c => c.Number), Is.EqualTo(new[] { second.Number, first.Number }));
            Assert.That(handler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(noPhone.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await noPhone.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "phone" }));
        });
    }

    [TestCase("agent1", "sign")]
    [TestCase("visitor1", "sign")]
    [TestCase("supervisor1", "sign")]
    [TestCase("um.handler", "urge")]
    [TestCase("um.handler", "redispatch")]
    [TestCase("dispatcher1", "reply")]
    [TestCase("env.handler", "sign")]
    [TestCase("env.handler", "reply")]
    [TestCase("um.handler", "assist-replies")]
    public async Task A_role_or_department_that_may_not_take_an_action_gets_403_and_nothing_is_written(string user, string action)
    {
        var dispatched = await DispatchedToUm();
        object body = action switch
        {
            "urge" => new NoteRequest("x"),
            "redispatch" => new DispatchRequest("HOUSING", [], null),
            _ => new TextRequest("x"),
        };

        using var response = await (await As(user)).PostActionAsync(dispatched.Number, action, action == "sign" ? null : body);
        var after = await Hotline.Api.GetCaseAsync(dispatched.Number);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(after.Version, Is.EqualTo(dispatched.Version));
        });
    }

    [TestCase("housing.handler")]
    [TestCase("st-s01.handler")]
    [TestCase("um-sq1.handler")]
    public async Task Another_departments_case_does_not_exist_for_a_handler(string user)
    {
        var dispatched = await DispatchedToUm();
        var client = await As(user);

        using var read = await client.GetAsync(new Uri($"/api/cases/{dispatched.Number}", UriKind.Relative));
        using var history = await client.GetAsync(new Uri($"/api/cases/{dispatched.Number}/history", UriKind.Relative));
        using var sign = await client.PostActionAsync(dispatched.Number, "sign");
        var inbox = await client.GetFromJsonAsync<CasePage>(new Uri("/api/inbox?pageSize=100", UriKind.Relative), ApiClient.Json);

        Assert.Multiple(() =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(history.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(sign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(inbox!.Items.Select(i => i.Number), Does.Not.Contain(dispatched.Number));
        });
    }

    [Test]
    public async Task A_confidential_callers_identity_is_masked_for_departments_and_shown_to_the_center()
    {
        var dispatched = await DispatchedToUm(confidential: true);

        var department = await (await As("um.handler")).GetCaseAsync(dispatched.Number);
        var assisting = await (await As("env.handler")).GetCaseAsync(dispatched.Number);
        var center = await (await As("dispatcher1")).GetCaseAsync(dispatched.Number);
        var historyText = await (await As("um.handler")).GetStringAsync(new Uri($"/api/cases/{dispatched.Number}/history", UriKind.Relative));
        var signed = await (await As("um.handler")).ActAsync(dispatched.Number, "sign");

        Assert.Multiple(() =>
        {
            Assert.That((department.Caller.Name, department.Caller.Phone), Is.EqualTo((CaseAccess.Masked, CaseAccess.Masked)));
            Assert.That((assisting.Caller.Name, assisting.Caller.Phone), Is.EqualTo((CaseAccess.Masked, CaseAccess.Masked)));
            Assert.That((signed.Caller.Name, signed.Caller.Phone), Is.EqualTo((CaseAccess.Masked, CaseAccess.Masked)), "action answers too");
            Assert.That((center.Caller.Name, center.Caller.Phone), Is.EqualTo(("张三", "13800138000")));
            Assert.That(historyText, Does.Not.Contain("张三").And.Not.Contain("13800138000"));
        });
    }

    [Test]
    public async Task The_actor_is_always_the_signed_in_user_and_cannot_be_forged()
    {
        var dispatched = await DispatchedToUm();
        var um = await As("um.handler");

        using var forged = await um.PostAsync(new Uri($"/api/cases/{dispatched.Number}/notes", UriKind.Relative),
            new StringContent("""{"text":"note","actor":"dispatcher1"}""", Encoding.UTF8, "application/json"));
        await um.ActAsync(dispatched.Number, "notes", new TextRequest("真实的记录"));
        var history = await Hotline.Api.GetHistoryAsync(dispatched.Number);

        Assert.Multiple(() =>
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "an unknown field is refused, not ignored");
            Assert.That(history[^1].Actor, Is.EqualTo("handler:um.handler@UM"));
            Assert.That(history.Count(h => h.Action == "add-note"), Is.EqualTo(1));
        });
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("Bearer dsp_notatokenthatexists0000000000000000000000", HttpStatusCode.Unauthorized)]
    [TestCase("Bearer not-even-the-format", HttpStatusCode.Unauthorized)]
    [TestCase("Basic YWdlbnQxOnB3", HttpStatusCode.Unauthorized)]
    public async Task Without_a_valid_token_nothing_is_answered_but_401(string? authorization, HttpStatusCode expected)
    {
        using var client = Hotline.Anonymous();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        using var read = await client.GetAsync(new Uri("/api/departments", UriKind.Relative));
        using var file = await client.FileAsync(Requests.NightNoise());

        Assert.Multiple(async () =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(expected));
            Assert.That(file.StatusCode, Is.EqualTo(expected));
            Assert.That(read.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
            Assert.That((await read.ProblemAsync()).GetProperty("status").GetInt32(), Is.EqualTo(401));
        });
    }

    [Test]
    public async Task An_expired_or_revoked_token_is_refused()
    {
        var users = new UserDirectory(Db.Database, TimeProvider.System);
        var expired = await users.IssueTokenAsync("agent2", "expired", DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
        var revoked = await users.IssueTokenAsync("agent2", "to-revoke", null, CancellationToken.None);
        await users.RevokeTokensAsync("agent2", "to-revoke", CancellationToken.None);

        async Task<HttpStatusCode> Read(string token)
        {
            using var client = Hotline.Anonymous();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            using var response = await client.GetAsync(new Uri("/api/departments", UriKind.Relative));
            return response.StatusCode;
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await Read(expired), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await Read(revoked), Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task Only_agents_and_dispatchers_file_cases()
    {
        using var handler = await (await As("um.handler")).FileAsync(Requests.NightNoise());
        using var visitor = await (await As("visitor1")).FileAsync(Requests.NightNoise());
        using var dispatcher = await (await As("dispatcher1")).FileAsync(Requests.NightNoise());

        Assert.Multiple(() =>
        {
            Assert.That(handler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(visitor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(dispatcher.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
    }

    [Test]
    public async Task The_inbox_lists_my_departments_and_my_sub_units_cases_filtered_and_paged()
    {
        var a = await DispatchedToUm();
        var b = await DispatchedToUm();
        var um = await As("um.handler");
        await um.ActAsync(b.Number, "sign");
        await um.ActAsync(b.Number, "forward", new ForwardRequest("UM-SQ2", null));
        var urgent = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { Urgency = "urgent" });
        await (await As("dispatcher1")).ActAsync(urgent.Number, "dispatch", new DispatchRequest("UM", [], null));

        var all = await um.GetFromJsonAsync<CasePage>(new Uri("/api/inbox?pageSize=100", UriKind.Relative), ApiClient.Json);
        var urgentOnly = await um.GetFromJsonAsync<CasePage>(new Uri("/api/inbox?urgency=urgent&pageSize=100", UriKind.Relative), ApiClient.Json);
        var firstPage = await um.GetFromJsonAsync<CasePage>(new Uri("/api/inbox?pageSize=1", UriKind.Relative), ApiClient.Json);
        var assisting = await (await As("env.handler")).GetFromJsonAsync<CasePage>(new Uri("/api/inbox?pageSize=100", UriKind.Relative), ApiClient.Json);
        using var badFilter = await um.GetAsync(new Uri("/api/inbox?status=open&pageSize=1000", UriKind.Relative));
        using var notAHandler = await Hotline.Api.GetAsync(new Uri("/api/inbox", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(all!.Items.Select(i => i.Number), Is.SupersetOf(new[] { a.Number, b.Number, urgent.Number }));
            Assert.That(all.Items.Single(i => i.Number == b.Number).HandlingDepartmentCode, Is.EqualTo("UM-SQ2"));
            Assert.That(urgentOnly!.Items.Select(i => i.Urgency).Distinct(), Is.EqualTo(new[] { "urgent" }));
            Assert.That(firstPage!.Items, Has.Count.EqualTo(1));
            Assert.That(firstPage.Total, Is.EqualTo(all.Total));
            Assert.That(assisting!.Items.Select(i => i.Number), Does.Contain(a.Number).And.Not.Contain(urgent.Number));
            Assert.That(badFilter.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await badFilter.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "status", "pageSize" }));
            Assert.That(notAHandler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Invalid_action_bodies_are_400_naming_the_field_and_write_nothing()
    {
        var dispatched = await DispatchedToUm();
        var um = await As("um.handler");

        using var noReason = await um.PostActionAsync(dispatched.Number, "return", new ReturnRequest("because", ""));
        using var noBody = await um.PostActionAsync(dispatched.Number, "notes");
        using var badVisit = await (await As("visitor1")).PostActionAsync(dispatched.Number, "return-visits", new ReturnVisitRequest(true, null, "happy", null));
        var after = await Hotline.Api.GetCaseAsync(dispatched.Number);

        Assert.Multiple(async () =>
        {
            Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await noReason.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "reasonCode", "note" }));
            Assert.That(noBody.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await badVisit.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "resolved", "satisfaction" }));
            Assert.That(after.Version, Is.EqualTo(dispatched.Version));
        });
    }
}

using System.Net;
using System.Net.Http.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Apis.Knowledge;
using Dispatch.Tests.Support;
using static Dispatch.Tests.Integration.Knowledge.KnowledgeClient;

namespace Dispatch.Tests.Integration.Knowledge;

/// <summary>
/// The knowledge base's entries through the real API: departments draft and submit, editors publish, return and archive, every change a
/// version with who and when, a stale version refused, another department's entry as absent as its cases, the center's desk reading
/// only what is published and valid. The Api alone (nothing published).
/// </summary>
[Category("Integration")]
public sealed class KnowledgeBaseSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private Task<HttpClient> Housing => As("housing.handler");
    private Task<HttpClient> Editor => As("editor1");
    private Task<HttpClient> Agent => As("agent1");

    [Test]
    public async Task A_handler_drafts_for_their_department_and_the_draft_is_the_first_version()
    {
        var title = Title("住房公积金租房提取");

        var created = await (await Housing).CreateAsync(Entry(title, department: null, keywords: ["公积金", "租房"]));
        var read = await (await Housing).GetAsync(created.Id);

        Assert.Multiple(() =>
        {
            Assert.That((created.Status, created.Version, created.DepartmentCode, created.DepartmentName), Is.EqualTo(("draft", 1, "HOUSING", "区住房和城乡建设局")));
            Assert.That(created.Scope, Is.EqualTo(new[] { "DM" }), "the whole district by default");
            Assert.That(created.AllowedActions, Is.EquivalentTo(new[] { "edited", "submitted" }));
            Assert.That(read!.Versions!.Select(v => (v.Version, v.Action, v.Status, v.ChangedBy)),
                Is.EqualTo(new[] { (1, "created", "draft", "handler:housing.handler@HOUSING") }));
        });
    }

    [Test]
    public async Task Draft_to_review_to_published_to_returned_each_a_version_with_who_when_and_why()
    {
        var housing = await Housing;
        var editor = await Editor;
        var draft = await housing.CreateAsync(Entry(Title("燃气开户办理")));
        using var edit = await housing.PutAsJsonAsync($"/api/knowledge/{draft.Id}",
            Entry(draft.Title, content: "携带房产证和身份证到营业厅办理开户。") with { Version = draft.Version }, ApiClient.Json);
        var edited = (await edit.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;
        var submitted = await housing.DoAsync(edited, "submit");
        using var handlerPublishes = await housing.ActAsync(submitted.Id, "publish", submitted.Version);
        var published = await editor.DoAsync(submitted, "publish");
        var seenByAgent = await (await Agent).GetAsync(published.Id);
        var returned = await editor.DoAsync(published, "return", "办理地点已变更，请更新");
        var goneForAgent = await (await Agent).GetAsync(published.Id);
        var versions = (await housing.GetAsync(draft.Id))!.Versions!;

        Assert.Multiple(() =>
        {
            Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((edited.Version, edited.Content), Is.EqualTo((2, "携带房产证和身份证到营业厅办理开户。")));
            Assert.That(handlerPublishes.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "only an editor publishes");
            Assert.That(published.Status, Is.EqualTo("published"));
            Assert.That(published.PublishedAt, Is.Not.Null);
            Assert.That(seenByAgent?.Status, Is.EqualTo("published"));
            Assert.That(seenByAgent!.Versions, Is.Null, "the center's desk reads the entry, not its history");
            Assert.That(returned.Status, Is.EqualTo("draft"));
            Assert.That(goneForAgent, Is.Null, "a returned entry is no longer read at the desk");
            Assert.That(versions.Select(v => (v.Version, v.Action, v.Status, v.ChangedBy, v.Reason)), Is.EqualTo(new[]
            {
                (1, "created", "draft", "handler:housing.handler@HOUSING", (string?)null),
                (2, "edited", "draft", "handler:housing.handler@HOUSING", null),
                (3, "submitted", "in-review", "handler:housing.handler@HOUSING", null),
                (4, "published", "published", "editor:editor1", null),
                (5, "returned", "draft", "editor:editor1", "办理地点已变更，请更新"),
            }));
        });
    }

    [Test]
    public async Task A_change_decided_on_a_stale_version_is_refused_with_409_and_writes_nothing()
    {
        var housing = await Housing;
        var draft = await housing.CreateAsync(Entry(Title("供暖收费标准")));
        await housing.DoAsync(draft, "submit");

        using var stale = await housing.PutAsJsonAsync($"/api/knowledge/{draft.Id}", Entry(draft.Title) with { Version = draft.Version }, ApiClient.Json);
        using var staleReview = await (await Editor).ActAsync(draft.Id, "publish", draft.Version);

        Assert.Multiple(async () =>
        {
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a handler may not edit an entry in review");
            Assert.That(staleReview.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "version 1 is stale: the entry is at 2");
            Assert.That((await staleReview.ProblemAsync()).GetProperty("detail").GetString(), Does.Contain("version 2"));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from knowledge_entry_versions where entry_id = @Id", new { draft.Id }), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Another_departments_handler_finds_no_such_entry_and_lists_only_their_own()
    {
        var draft = await (await Housing).CreateAsync(Entry(Title("物业维修资金使用")));
        var env = await As("env.handler");

        using var read = await env.GetAsync(new Uri($"/api/knowledge/{draft.Id}", UriKind.Relative));
        using var edit = await env.PutAsJsonAsync($"/api/knowledge/{draft.Id}", Entry(draft.Title, department: "ENV") with { Version = 1 }, ApiClient.Json);
        using var submit = await env.ActAsync(draft.Id, "submit", 1);
        using var writeFor = await env.PostAsJsonAsync("/api/knowledge", Entry(Title("替住建局写"), department: "HOUSING"), ApiClient.Json);
        var list = await env.GetFromJsonAsync<KnowledgeListView>("/api/knowledge?pageSize=100", ApiClient.Json);

        Assert.Multiple(async () =>
        {
            Assert.That((read.StatusCode, edit.StatusCode, submit.StatusCode),
                Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
            Assert.That(writeFor.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await writeFor.ProblemAsync()).GetProperty("errors").TryGetProperty("departmentCode", out _), Is.True);
            Assert.That(list!.Items.Select(i => i.DepartmentCode).Distinct(), Is.All.EqualTo("ENV"));
        });
    }

    [Test]
    public async Task A_departments_handler_sees_and_writes_its_sub_units_entries()
    {
        var subUnit = await (await As("um-sq1.handler")).CreateAsync(Entry(Title("占道经营处罚标准"), department: null, category: "010102"));

        var seenAbove = await (await As("um.handler")).GetAsync(subUnit.Id);
        var seenBeside = await (await As("env.handler")).GetAsync(subUnit.Id);

        Assert.Multiple(() =>
        {
            Assert.That(seenAbove?.DepartmentCode, Is.EqualTo("UM-SQ1"));
            Assert.That(seenBeside, Is.Null);
        });
    }

    [Test]
    public async Task The_centers_desk_reads_only_published_entries_valid_today_and_writes_nothing()
    {
        var housing = await Housing;
        var editor = await Editor;
        var draft = await housing.CreateAsync(Entry(Title("房屋租赁备案")));
        var expired = await PublishedAsync(housing, editor, Entry(Title("旧版租赁备案"), validFrom: "2020-01-01", validUntil: "2020-12-31"));
        var future = await PublishedAsync(housing, editor, Entry(Title("新版租赁备案"), validFrom: "2099-01-01"));
        var current = await PublishedAsync(housing, editor, Entry(Title("现行租赁备案")));
        var agent = await Agent;

        using var create = await agent.PostAsJsonAsync("/api/knowledge", Entry(Title("接线员写的")), ApiClient.Json);
        using var supervisorList = await (await As("supervisor1")).GetAsync(new Uri("/api/knowledge", UriKind.Relative));
        var list = await agent.GetFromJsonAsync<KnowledgeListView>("/api/knowledge?q=租赁备案&pageSize=100", ApiClient.Json);

        Assert.Multiple(async () =>
        {
            Assert.That(await agent.GetAsync(draft.Id), Is.Null);
            Assert.That(await agent.GetAsync(expired.Id), Is.Null);
            Assert.That(await agent.GetAsync(future.Id), Is.Null);
            Assert.That((await agent.GetAsync(current.Id))?.Title, Is.EqualTo(current.Title));
            Assert.That(list!.Items.Select(i => i.Id), Is.EqualTo(new[] { current.Id }));
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(supervisorList.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "supervisors and administrators have no part in it");
        });
    }

    [Test]
    public async Task An_editor_corrects_a_published_entry_which_stays_published_and_archives_it_for_good()
    {
        var editor = await Editor;
        var published = await PublishedAsync(await Housing, editor, Entry(Title("公租房申请条件")));

        using var correct = await editor.PutAsJsonAsync($"/api/knowledge/{published.Id}",
            Entry(published.Title, content: "更正：收入标准以最新公布为准。") with { Version = published.Version }, ApiClient.Json);
        var corrected = (await correct.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;
        var archived = await editor.DoAsync(corrected, "archive", "政策已废止");
        using var republish = await editor.ActAsync(archived.Id, "publish", archived.Version);

        Assert.Multiple(async () =>
        {
            Assert.That((corrected.Status, corrected.Content), Is.EqualTo(("published", "更正：收入标准以最新公布为准。")));
            Assert.That(archived.Status, Is.EqualTo("archived"));
            Assert.That(archived.AllowedActions, Is.Empty);
            Assert.That(republish.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await (await Agent).GetAsync(published.Id), Is.Null);
            Assert.That(await Db.ScalarAsync<long>("select count(*) from knowledge_entries where id = @Id", new { published.Id }), Is.EqualTo(1), "nothing is deleted");
        });
    }

    [Test]
    public async Task A_title_taken_by_another_entry_is_named_in_a_400()
    {
        var housing = await Housing;
        var first = await housing.CreateAsync(Entry(Title("二手房过户")));

        using var again = await housing.PostAsJsonAsync("/api/knowledge", Entry(first.Title), ApiClient.Json);

        Assert.Multiple(async () =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await again.ProblemAsync()).GetProperty("errors").GetProperty("title")[0].GetString(), Does.Contain($"Entry {first.Id}"));
        });
    }

    [Test]
    public async Task Returning_needs_a_reason_and_every_action_its_version()
    {
        var housing = await Housing;
        var submitted = await housing.DoAsync(await housing.CreateAsync(Entry(Title("电梯年检"))), "submit");

        using var noReason = await (await Editor).ActAsync(submitted.Id, "return", submitted.Version);
        using var noVersion = await (await Editor).PostAsJsonAsync($"/api/knowledge/{submitted.Id}/publish", new { reason = "x" }, ApiClient.Json);

        Assert.Multiple(async () =>
        {
            Assert.That((await noReason.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _), Is.True);
            Assert.That((await noVersion.ProblemAsync()).GetProperty("errors").TryGetProperty("version", out _), Is.True);
        });
    }

    [Test]
    public async Task Entries_expiring_within_n_days_are_listed_for_their_owners()
    {
        var housing = await Housing;
        var editor = await Editor;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var soon = await PublishedAsync(housing, editor, Entry(Title("即将到期的通知"), validUntil: today.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var later = await PublishedAsync(housing, editor, Entry(Title("较晚到期的通知"), validUntil: today.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var envSoon = await PublishedAsync(await As("env.handler"), editor, Entry(Title("环保到期通知"), department: null, category: "030101",
            validUntil: today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

        var housingSees = await housing.GetFromJsonAsync<List<KnowledgeEntryView>>("/api/knowledge/expiring?days=30", ApiClient.Json);
        var editorSees = await editor.GetFromJsonAsync<List<KnowledgeEntryView>>("/api/knowledge/expiring?days=90", ApiClient.Json);
        using var tooFar = await editor.GetAsync(new Uri("/api/knowledge/expiring?days=400", UriKind.Relative));
        using var agentAsks = await (await Agent).GetAsync(new Uri("/api/knowledge/expiring", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(housingSees!.Select(e => e.Id), Does.Contain(soon.Id).And.Not.Contain(later.Id).And.Not.Contain(envSoon.Id));
            Assert.That(editorSees!.Select(e => e.Id), Is.SupersetOf(new[] { envSoon.Id, soon.Id, later.Id }));
            Assert.That(editorSees!.Select(e => e.ValidUntil), Is.Ordered, "soonest first");
            Assert.That(tooFar.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(agentAsks.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task A_closed_consultation_becomes_a_draft_with_its_title_category_and_answer_and_nothing_of_the_caller()
    {
        var agent = await Agent;
        var filed = await agent.FileCaseAsync(Requests.NightNoise("公积金租房提取需要什么材料") with
        {
            RequestType = "consultation", CategoryCode = "100102", Content = "来电人王小明询问公积金租房提取需要哪些材料。",
        });
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("HOUSING", [], null));
        await (await Housing).ActAsync(filed.Number, "sign");
        await (await Housing).ActAsync(filed.Number, "reply", new TextRequest("需提供身份证、租赁合同和租金发票，在住房公积金管理中心窗口办理。"));
        await (await As("visitor1")).ActAsync(filed.Number, "return-visits", new ReturnVisitRequest(true, true, "satisfied", null));
        var complaint = await agent.FileCaseAsync(Requests.NightNoise());

        using var byHandler = await (await Housing).PostAsync($"/api/knowledge/drafts/from-case/{filed.Number}", null);
        var draft = (await byHandler.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;
        using var byEditor = await (await Editor).PostAsync($"/api/knowledge/drafts/from-case/{filed.Number}", null);
        var editorsDraft = (await byEditor.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;
        using var third = await (await Editor).PostAsync($"/api/knowledge/drafts/from-case/{filed.Number}", null);
        using var byStranger = await (await As("env.handler")).PostAsync($"/api/knowledge/drafts/from-case/{filed.Number}", null);
        using var fromComplaint = await (await Editor).PostAsync($"/api/knowledge/drafts/from-case/{complaint.Number}", null);
        using var byAgent = await agent.PostAsync($"/api/knowledge/drafts/from-case/{filed.Number}", null);

        Assert.Multiple(() =>
        {
            Assert.That(byHandler.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((draft.Title, draft.Content, draft.CategoryCode, draft.DepartmentCode, draft.Status),
                Is.EqualTo(("公积金租房提取需要什么材料", "需提供身份证、租赁合同和租金发票，在住房公积金管理中心窗口办理。", "100102", "HOUSING", "draft")));
            Assert.That(draft.Title + draft.Content + string.Join("", draft.Keywords), Does.Not.Contain("王小明").And.Not.Contain("13800138000"));
            Assert.That(byEditor.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((editorsDraft.Title, editorsDraft.DepartmentCode), Is.EqualTo(($"公积金租房提取需要什么材料（工单{filed.Number}）", "HOUSING")));
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(byStranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(fromComplaint.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(byAgent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task An_answer_given_on_the_call_becomes_the_centers_draft()
    {
        var agent = await Agent;
        var filed = await agent.FileCaseAsync(Requests.NightNoise("社保卡挂失怎么办") with { RequestType = "consultation", CategoryCode = "050102" });
        await agent.ActAsync(filed.Number, "close-directly", new CloseDirectlyRequest("拨打社保服务热线或到社保经办窗口挂失，挂失后补办。"));

        using var byEditor = await (await Editor).PostAsync($"/api/knowledge/drafts/from-case/{filed.Number}", null);
        using var byHandler = await (await Housing).PostAsync($"/api/knowledge/drafts/from-case/{filed.Number}", null);
        var draft = (await byEditor.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;

        Assert.Multiple(() =>
        {
            Assert.That((draft.DepartmentCode, draft.Content), Is.EqualTo(("CENTER", "拨打社保服务热线或到社保经办窗口挂失，挂失后补办。")));
            Assert.That(byHandler.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no department had the case");
        });
    }
}

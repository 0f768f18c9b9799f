using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Apis.Administration;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// Administrators change routing rules, SLA policies, calendars, the catalogue and users through the API: each change
/// is versioned, refused with the reason when it would leave the rules inconsistent (writing nothing), and recorded.
/// </summary>
[Category("Integration")]
public sealed class AdministrationSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private static RuleRequest NoiseRule(int priority, string lead = "ENV", string? category = "0102", string? area = null, long? version = null) =>
        new(null, (int?)version, priority, $"噪声规则 {priority}", [], category, area, [], lead, [], true);

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string user = "admin1")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        return await (await As(user)).SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<string[]> ProblemFields(HttpResponseMessage response) =>
        [.. (await response.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name)];

    private Task<long> Count(string table) => Db.ScalarAsync<long>($"select count(*) from {table}");

    [Test]
    public async Task A_new_rule_is_created_at_version_1_listed_kept_as_a_version_and_recorded()
    {
        using var created = await Send(HttpMethod.Post, "/api/admin/routing-rules", NoiseRule(3, area: "DM-S03"));
        var rule = await Json(created);
        var id = rule.GetProperty("id").GetInt64();
        var list = await Json(await Send(HttpMethod.Get, "/api/admin/routing-rules"));
        var versions = await Json(await Send(HttpMethod.Get, $"/api/admin/routing-rules/{id}/versions"));
        var record = await Json(await Send(HttpMethod.Get, $"/api/admin/changes?entity=routing-rule&key={id}"));

        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Headers.Location!.ToString(), Is.EqualTo($"/api/admin/routing-rules/{id}"));
            Assert.That(rule.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(list.EnumerateArray().First().GetProperty("rule").GetProperty("id").GetInt64(), Is.EqualTo(id), "priority 3 is tried first");
            Assert.That(versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()), Is.EqualTo(new[] { 1 }));
            Assert.That(record.EnumerateArray().Select(r => (r.GetProperty("operation").GetString(), r.GetProperty("changedBy").GetString())),
                Is.EqualTo(new[] { ("create", "admin:admin1") }));
        });
    }

    [Test]
    public async Task A_rule_naming_codes_that_do_not_exist_is_refused_field_by_field_and_nothing_is_written()
    {
        var rulesBefore = await Count("routing_rules");
        var changesBefore = await Count("admin_changes");

        using var refused = await Send(HttpMethod.Post, "/api/admin/routing-rules", NoiseRule(4, lead: "NOPE", category: "99", area: "XX"));

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ProblemFields(refused), Is.EquivalentTo(new[] { "leadDepartmentCode", "categoryPrefix", "areaCode" }));
            Assert.That(await Count("routing_rules"), Is.EqualTo(rulesBefore));
            Assert.That(await Count("admin_changes"), Is.EqualTo(changesBefore));
        });
    }

    [Test]
    public async Task A_rule_that_could_never_match_or_that_shares_a_priority_is_refused_with_the_reason()
    {
        using var unreachable = await Send(HttpMethod.Post, "/api/admin/routing-rules", NoiseRule(999_000, category: "070101"));
        var reason = (await unreachable.ProblemAsync()).GetProperty("errors").GetProperty("priority")[0].GetString();
        var taken = (await Json(await Send(HttpMethod.Get, "/api/admin/routing-rules"))).EnumerateArray().Last().GetProperty("rule").GetProperty("priority").GetInt32();
        using var shared = await Send(HttpMethod.Post, "/api/admin/routing-rules", NoiseRule(taken, category: "0909"));

        Assert.Multiple(async () =>
        {
            Assert.That(unreachable.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(reason, Does.Contain("can never match").And.Contain("comes first"), "an earlier 07 (water, power, gas) rule takes every 070101 case");
            Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await shared.ProblemAsync()).GetProperty("errors").GetProperty("priority")[0].GetString(), Does.Contain($"Priority {taken} is also rule"));
        });
    }

    [Test]
    public async Task An_edit_names_the_version_it_was_made_from_a_stale_one_is_a_409_and_each_edit_is_a_new_version()
    {
        var id = (await Json(await Send(HttpMethod.Post, "/api/admin/routing-rules", NoiseRule(5, category: "010201", area: "DM-S04")))).GetProperty("id").GetInt64();

        using var edited = await Send(HttpMethod.Put, $"/api/admin/routing-rules/{id}", NoiseRule(5, lead: "UM", category: "010201", area: "DM-S04", version: 1));
        using var stale = await Send(HttpMethod.Put, $"/api/admin/routing-rules/{id}", NoiseRule(5, lead: "PSB", category: "010201", area: "DM-S04", version: 1));
        using var disabled = await Send(HttpMethod.Post, $"/api/admin/routing-rules/{id}/disable", new VersionRequest(2));
        using var enabled = await Send(HttpMethod.Post, $"/api/admin/routing-rules/{id}/enable", new VersionRequest(3));
        var versions = await Json(await Send(HttpMethod.Get, $"/api/admin/routing-rules/{id}/versions"));

        Assert.Multiple(async () =>
        {
            Assert.That((await Json(edited)).GetProperty("leadDepartmentCode").GetString(), Is.EqualTo("UM"));
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await stale.ProblemAsync()).GetProperty("detail").GetString(), Does.Contain("is at version 2, not 1"));
            Assert.That((await Json(disabled)).GetProperty("enabled").GetBoolean(), Is.False);
            Assert.That((await Json(enabled)).GetProperty("version").GetInt32(), Is.EqualTo(4));
            Assert.That(versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        });
    }

    [Test]
    public async Task Reordering_takes_every_rule_once_and_renumbers_the_priorities()
    {
        var rules = (await Json(await Send(HttpMethod.Get, "/api/admin/routing-rules"))).EnumerateArray()
            .Select(r => r.GetProperty("rule").GetProperty("id").GetInt64()).ToList();

        using var partial = await Send(HttpMethod.Post, "/api/admin/routing-rules/reorder", new ReorderRequest([.. rules.Skip(1).Select(i => (long?)i)]));
        using var same = await Send(HttpMethod.Post, "/api/admin/routing-rules/reorder", new ReorderRequest([.. rules.Select(i => (long?)i)]));
        var after = (await Json(await Send(HttpMethod.Get, "/api/admin/routing-rules"))).EnumerateArray()
            .Select(r => (r.GetProperty("rule").GetProperty("id").GetInt64(), r.GetProperty("rule").GetProperty("priority").GetInt32())).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ProblemFields(partial), Is.EqualTo(new[] { "order" }));
            Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after, Is.EqualTo(rules.Select((id, i) => (id, (i + 1) * 10))));
        });
    }

    [Test]
    public async Task A_reorder_decided_on_versions_someone_changed_since_is_a_conflict_and_changes_nothing()
    {
        var table = (await Json(await Send(HttpMethod.Get, "/api/admin/routing-rules"))).EnumerateArray()
            .Select(r => (Id: r.GetProperty("rule").GetProperty("id").GetInt64(), Version: r.GetProperty("rule").GetProperty("version").GetInt32()))
            .ToList();
        var ids = table.Select(r => (long?)r.Id).ToList();
        var read = table.Select(r => (int?)r.Version).ToList();
        var stale = read.Select((v, i) => i == 0 ? v + 1 : v).ToList();

        using var refused = await Send(HttpMethod.Post, "/api/admin/routing-rules/reorder", new ReorderRequest(ids, stale));
        using var shortList = await Send(HttpMethod.Post, "/api/admin/routing-rules/reorder", new ReorderRequest(ids, read.Skip(1).ToList()));
        var unchanged = (await Json(await Send(HttpMethod.Get, "/api/admin/routing-rules"))).EnumerateArray()
            .Select(r => (r.GetProperty("rule").GetProperty("id").GetInt64(), r.GetProperty("rule").GetProperty("version").GetInt32())).ToList();
        using var current = await Send(HttpMethod.Post, "/api/admin/routing-rules/reorder", new ReorderRequest(ids, read));

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await refused.ProblemAsync()).GetProperty("detail").GetString(), Does.Contain("someone changed the table meanwhile"));
            Assert.That(shortList.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ProblemFields(shortList), Is.EqualTo(new[] { "versions" }));
            Assert.That(unchanged, Is.EqualTo(table.Select(r => (r.Id, r.Version))));
            Assert.That(current.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_dry_run_replays_a_periods_cases_against_a_proposed_table_and_says_what_would_move_where()
    {
        var dispatcher = await As("dispatcher1");
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise($"噪声 {i}"));
            await dispatcher.ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
            numbers.Add(filed.Number);
        }

        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // A table of one rule: noise goes to ENV, everything else to the fallback.
        var proposed = new List<RuleRequest?> { NoiseRule(1, lead: "ENV", category: "0102") with { Name = "噪声改派生态环境" } };

        var rulesBefore = await Count("routing_rule_versions");
        var run = await Json(await Send(HttpMethod.Post, "/api/admin/routing-rules/dry-run", new DryRunRequest(proposed, today, today, 2)));
        using var invalid = await Send(HttpMethod.Post, "/api/admin/routing-rules/dry-run",
            new DryRunRequest([NoiseRule(1, lead: "NOPE")], today, today, 2));
        using var tooLong = await Send(HttpMethod.Post, "/api/admin/routing-rules/dry-run", new DryRunRequest(proposed, "2026-01-01", "2026-12-31", 2));
        var move = run.GetProperty("moves").EnumerateArray().Single(m => m.GetProperty("from").GetString() == "UM" && m.GetProperty("to").GetString() == "ENV");
        var examples = move.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("number").GetString()!).ToList();
        var noiseAtUm = await Db.QueryAsync<string>("select number from cases where lead_department_code = 'UM' and category_code like '0102%'");

        Assert.Multiple(async () =>
        {
            Assert.That(run.GetProperty("casesReplayed").GetInt64(), Is.GreaterThanOrEqualTo(3));
            Assert.That(move.GetProperty("count").GetInt64(), Is.EqualTo(noiseAtUm.Count), "every noise case now at UM would go to ENV");
            Assert.That(run.GetProperty("wouldMove").GetInt64(), Is.GreaterThanOrEqualTo(noiseAtUm.Count));
            Assert.That(examples, Has.Count.EqualTo(2).And.SubsetOf(noiseAtUm));
            Assert.That(noiseAtUm, Is.SupersetOf(numbers));
            Assert.That(await ProblemFields(invalid), Is.EqualTo(new[] { "rules[0].leadDepartmentCode" }));
            Assert.That(await ProblemFields(tooLong), Is.EqualTo(new[] { "to" }));
            Assert.That(await Count("routing_rule_versions"), Is.EqualTo(rulesBefore), "a dry run changes nothing");
        });
    }

    [Test]
    public async Task An_SLA_policy_is_created_used_by_the_next_clock_and_the_last_catch_all_cannot_be_disabled()
    {
        using var created = await Send(HttpMethod.Post, "/api/admin/sla-policies", new PolicyRequest(null, 4, "噪声：2工作小时签收，3个工作日办结", [], "0102", null,
            new LimitRequest(2, "working-hours"), new LimitRequest(3, "working-days"), [50, 75, 90], false, 4, true));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var policy = await Json(created);
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
        var clocks = await Json(await Send(HttpMethod.Get, $"/api/cases/{filed.Number}/deadlines", user: "supervisor1"));
        var catchAll = (await Json(await Send(HttpMethod.Get, "/api/admin/sla-policies"))).EnumerateArray()
            .Select(p => p.GetProperty("policy")).Single(p => p.GetProperty("id").GetInt64() == 5);
        using var disabled = await Send(HttpMethod.Post, "/api/admin/sla-policies/5/disable", new VersionRequest(catchAll.GetProperty("version").GetInt32()));
        using var zero = await Send(HttpMethod.Post, "/api/admin/sla-policies", new PolicyRequest(null, 6, "零", [], null, "urgent",
            new LimitRequest(0, "working-hours"), new LimitRequest(3, "fortnights"), [], false, 4, true));

        Assert.Multiple(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            // Answered in the words it was asked in, as created and as listed.
            Assert.That(new[] { policy.GetProperty("signOff"), policy.GetProperty("reply"), catchAll.GetProperty("reply") }
                .Select(l => l.GetProperty("unit").GetString()), Is.EqualTo(new[] { "working-hours", "working-days", "working-days" }));
            Assert.That(clocks.EnumerateArray().Select(c => c.GetProperty("policy").GetProperty("id").GetInt64()),
                Is.All.EqualTo(policy.GetProperty("id").GetInt64()));
            Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await disabled.ProblemAsync()).GetProperty("errors").GetProperty("enabled")[0].GetString(), Does.Contain("catch-all"));
            Assert.That(await ProblemFields(zero), Is.EquivalentTo(new[] { "reply.unit" }));
        });
    }

    [Test]
    public async Task A_calendar_is_created_and_edited_by_version_and_an_impossible_week_is_refused()
    {
        var week = new Dictionary<string, string[][]> { ["Monday"] = [["08:00", "12:00"]], ["Tuesday"] = [["08:00", "12:00"]] };
        using var created = await Send(HttpMethod.Post, "/api/admin/calendars", new CalendarRequest("MORNINGS", null, "上午窗口", "Asia/Shanghai", week, true));
        using var edited = await Send(HttpMethod.Put, "/api/admin/calendars/MORNINGS",
            new CalendarRequest(null, 1, "上午窗口（含周三）", null, new Dictionary<string, string[][]>(week) { ["Wednesday"] = [["08:00", "12:00"]] }, true));
        using var backwards = await Send(HttpMethod.Put, "/api/admin/calendars/MORNINGS",
            new CalendarRequest(null, 2, "x", null, new Dictionary<string, string[][]> { ["Monday"] = [["12:00", "08:00"]] }, true));
        using var badZone = await Send(HttpMethod.Post, "/api/admin/calendars", new CalendarRequest("MARS", null, "火星", "Mars/Olympus", week, true));
        var listed = (await Json(await Send(HttpMethod.Get, "/api/calendars"))).EnumerateArray().Single(c => c.GetProperty("code").GetString() == "MORNINGS");

        Assert.Multiple(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Headers.Location!.ToString(), Is.EqualTo("/api/admin/calendars/MORNINGS"));
            Assert.That((await Json(edited)).GetProperty("version").GetInt32(), Is.EqualTo(2));
            Assert.That(await ProblemFields(backwards), Is.EqualTo(new[] { "week" }));
            Assert.That(await ProblemFields(badZone), Is.EqualTo(new[] { "timeZone" }));
            Assert.That(listed.GetProperty("version").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Departments_areas_and_categories_are_added_and_edited_without_cycles_or_orphans()
    {
        using var sub = await Send(HttpMethod.Post, "/api/admin/departments", new DepartmentRequest("ENV-S1", null, "生态环境执法一队", "ENV", "department", null, true));
        using var cycle = await Send(HttpMethod.Put, "/api/admin/departments/ENV", new DepartmentRequest(null, 1, "区生态环境分局", "ENV-S1", "department", null, true));
        using var deactivate = await Send(HttpMethod.Put, "/api/admin/departments/UM", new DepartmentRequest(null, 1, "区城市管理局", null, "department", null, false));
        using var grid = await Send(HttpMethod.Post, "/api/admin/areas", new AreaRequest("DM-S02-C01-G09", null, "九号网格", "grid", "DM-S02-C01"));
        using var orphanArea = await Send(HttpMethod.Post, "/api/admin/areas", new AreaRequest("DM-S09-C01", null, "无街道社区", "community", "DM"));
        using var category = await Send(HttpMethod.Post, "/api/admin/categories", new CategoryRequest("010209", null, "广场舞噪声", true));
        using var orphanCategory = await Send(HttpMethod.Post, "/api/admin/categories", new CategoryRequest("990101", null, "孤儿", true));
        using var retired = await Send(HttpMethod.Put, "/api/admin/categories/010209", new CategoryRequest(null, 1, "广场舞噪声", false));
        using var filedWithRetired = await Hotline.Api.FileAsync(Requests.NightNoise() with { CategoryCode = "010209" });
        using var duplicate = await Send(HttpMethod.Post, "/api/admin/categories", new CategoryRequest("010209", null, "again", true));
        var departments = await Json(await Send(HttpMethod.Get, "/api/admin/departments"));
        var areas = await Json(await Send(HttpMethod.Get, "/api/admin/areas"));
        var categories = await Json(await Send(HttpMethod.Get, "/api/admin/categories"));

        Assert.Multiple(async () =>
        {
            Assert.That(sub.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await ProblemFields(cycle), Is.EqualTo(new[] { "parentCode" }));
            Assert.That((await deactivate.ProblemAsync()).GetProperty("errors").GetProperty("active")[0].GetString(), Does.Contain("routing rules"));
            Assert.That(grid.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await ProblemFields(orphanArea), Is.EqualTo(new[] { "parentCode" }));
            Assert.That(category.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await ProblemFields(orphanCategory), Is.EqualTo(new[] { "code" }));
            Assert.That(retired.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await filedWithRetired.ProblemAsync()).GetProperty("errors").GetProperty("categoryCode")[0].GetString(), Does.Contain("no longer in use"));
            Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(departments.EnumerateArray().Where(d => d.GetProperty("code").GetString() == "ENV-S1")
                    .Select(d => (d.GetProperty("parentCode").GetString(), d.GetProperty("kind").GetString(), d.GetProperty("active").GetBoolean(),
                        d.GetProperty("version").GetInt32())),
                Is.EqualTo(new[] { ("ENV", "department", true, 1) }), "the list an administrator edits from carries each version");
            Assert.That(areas.EnumerateArray().Where(a => a.GetProperty("code").GetString() == "DM-S02-C01-G09")
                    .Select(a => (a.GetProperty("level").GetString(), a.GetProperty("parentCode").GetString(), a.GetProperty("version").GetInt32())),
                Is.EqualTo(new[] { ("grid", "DM-S02-C01", 1) }));
            Assert.That(categories.EnumerateArray().Where(c => c.GetProperty("code").GetString() == "010209")
                    .Select(c => (c.GetProperty("parentCode").GetString(), c.GetProperty("level").GetInt32(), c.GetProperty("active").GetBoolean(),
                        c.GetProperty("version").GetInt32())),
                Is.EqualTo(new[] { ("010200", 3, false, 2) }));
        });
    }

    [Test]
    public async Task A_user_is_created_given_a_token_shown_once_that_works_and_a_revoked_token_stops()
    {
        using var created = await Send(HttpMethod.Post, "/api/admin/users", new UserRequest("env.handler2", null, "环境处理员 周", "handler", "ENV", true));
        using var issued = await Send(HttpMethod.Post, "/api/admin/users/env.handler2/tokens", new TokenRequest("laptop", null));
        var token = (await Json(issued)).GetProperty("token").GetString()!;
        using var client = Hotline.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var inbox = await client.GetAsync(new Uri("/api/inbox", UriKind.Relative));
        using var second = await Send(HttpMethod.Post, "/api/admin/users/env.handler2/tokens", new TokenRequest("phone", null));
        var secondToken = (await Json(second)).GetProperty("token").GetString()!;
        using var revoked = await Send(HttpMethod.Delete, "/api/admin/users/env.handler2/tokens/phone");
        using var revokedClient = Hotline.Anonymous();
        revokedClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secondToken);
        using var refused = await revokedClient.GetAsync(new Uri("/api/inbox", UriKind.Relative));
        var users = await Json(await Send(HttpMethod.Get, "/api/admin/users"));
        var listed = users.EnumerateArray().Single(u => u.GetProperty("username").GetString() == "env.handler2");
        using var homeless = await Send(HttpMethod.Post, "/api/admin/users", new UserRequest("h3", null, "无部门", "handler", null, true));
        using var agentWithDepartment = await Send(HttpMethod.Post, "/api/admin/users", new UserRequest("a3", null, "接线员", "agent", "ENV", true));
        var record = await Json(await Send(HttpMethod.Get, "/api/admin/changes?entity=token&key=env.handler2"));

        Assert.Multiple(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(token, Does.StartWith("dsp_"));
            Assert.That(inbox.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(listed.GetProperty("tokens").EnumerateArray().Select(t => (t.GetProperty("label").GetString(), t.GetProperty("revokedAt").ValueKind)),
                Is.EqualTo(new[] { ("laptop", JsonValueKind.Null), ("phone", JsonValueKind.String) }));
            Assert.That(users.GetRawText(), Does.Not.Contain(token).And.Not.Contain("token_hash").And.Not.Contain("tokenHash"));
            Assert.That(await ProblemFields(homeless), Is.EqualTo(new[] { "departmentCode" }));
            Assert.That(await ProblemFields(agentWithDepartment), Is.EqualTo(new[] { "departmentCode" }));
            Assert.That(record.EnumerateArray().Select(r => r.GetProperty("operation").GetString()), Is.EqualTo(new[] { "revoke", "issue", "issue" }));
            Assert.That(record.GetRawText(), Does.Not.Contain(token), "the record says a token was issued, never what it is");
        });
    }

    [TestCase("supervisor1")]
    [TestCase("dispatcher1")]
    [TestCase("um.handler")]
    public async Task Administration_is_for_administrators(string user)
    {
        using var response = await Send(HttpMethod.Get, "/api/admin/routing-rules", user: user);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}

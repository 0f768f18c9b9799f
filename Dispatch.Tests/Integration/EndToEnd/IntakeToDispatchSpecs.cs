using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dispatch.Contracts;
using Dispatch.Tests.Support;
using Dispatch.Workers.Storage;
using MassTransit;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>An agent files a case through the real API; the bus carries it; the workers route it; every step is audited.</summary>
[Category("Integration")]
public sealed class IntakeToDispatchSpecs : HotlineFixture
{

    private HttpClient Api => Hotline.Api;

    [Test]
    public async Task Filing_a_case_answers_201_with_a_number_and_the_case_is_dispatched_by_the_matching_rule()
    {
        using var response = await Api.FileAsync(Requests.NightNoise());
        var filed = await response.Content.ReadFromJsonAsync<Dispatch.Api.Apis.CaseView>(ApiClient.Json);

        var dispatched = await Api.WaitForStatusAsync(filed!.Number, "dispatched");
        var history = await Api.GetHistoryAsync(filed.Number);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/cases/{filed.Number}"));
            Assert.That(filed.Status, Is.EqualTo("filed"));
            Assert.That(dispatched.LeadDepartmentCode, Is.EqualTo("UM"));
            Assert.That(dispatched.AssistingDepartmentCodes, Is.EqualTo(new[] { "ENV" }));
            Assert.That(dispatched.DispatchedAt, Is.Not.Null);
            Assert.That(history.Select(h => (h.Seq, h.Action, h.FromState, h.ToState)),
                Is.EqualTo(new[] { (1, "file", (string?)null, "filed"), (2, "dispatch", "filed", "dispatched") }));
            Assert.That((history[1].DecidedBy, history[1].DecidedById, history[1].DecidedByVersion), Is.EqualTo(("routing-rule", 6L, 1)));
            Assert.That(history[1].Actor, Is.EqualTo("system:router"));
        });
    }

    [Test]
    public async Task A_case_no_rule_matches_goes_to_the_fallback_department_and_the_audit_says_so()
    {
        // The general-affairs rule takes consultations and suggestions only; a complaint in that branch matches nothing.
        var filed = await Api.FileCaseAsync(Requests.NightNoise() with { RequestType = "complaint", CategoryCode = "100102" });

        var dispatched = await Api.WaitForStatusAsync(filed.Number, "dispatched");
        var history = await Api.GetHistoryAsync(filed.Number);

        Assert.Multiple(() =>
        {
            Assert.That(dispatched.LeadDepartmentCode, Is.EqualTo("GOV"));
            Assert.That(history[^1].DecidedBy, Is.EqualTo("routing-fallback"));
            Assert.That(history[^1].DecidedById, Is.Null);
        });
    }

    [Test]
    public async Task A_keyword_rule_outranks_the_category_rules()
    {
        var filed = await Api.FileCaseAsync(Requests.NightNoise() with
        {
            CategoryCode = "020101", Title = "楼道里闻到煤气", Content = "疑似燃气泄漏，请尽快处理",
        });

        var dispatched = await Api.WaitForStatusAsync(filed.Number, "dispatched");

        Assert.Multiple(() =>
        {
            Assert.That(dispatched.LeadDepartmentCode, Is.EqualTo("ENERGY"));
            Assert.That(dispatched.AssistingDepartmentCodes, Is.EqualTo(new[] { "PSB" }));
        });
    }

    [Test]
    public async Task Retrying_with_the_same_idempotency_key_returns_the_same_case_and_never_a_second_one()
    {
        var key = Guid.NewGuid().ToString();
        var before = await Db.ScalarAsync<long>("select count(*) from cases");

        using var first = await Api.FileAsync(Requests.NightNoise(), key);
        using var retry = await Api.FileAsync(Requests.NightNoise(), key);
        using var other = await Api.FileAsync(Requests.NightNoise(title: "另一个诉求"), key);
        var a = await first.Content.ReadFromJsonAsync<Dispatch.Api.Apis.CaseView>(ApiClient.Json);
        var b = await retry.Content.ReadFromJsonAsync<Dispatch.Api.Apis.CaseView>(ApiClient.Json);

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(b!.Number, Is.EqualTo(a!.Number));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from cases"), Is.EqualTo(before + 1));
        });
    }

    [Test]
    public async Task A_redelivered_or_duplicated_filed_event_dispatches_once_and_audits_once()
    {
        using var published = Hotline.RecordPublished();
        var filed = await Api.FileCaseAsync(Requests.NightNoise());
        await Api.WaitForStatusAsync(filed.Number, "dispatched");
        var caseId = await Db.ScalarAsync<Guid>("select id from cases where number = @Number", new { filed.Number });
        var originalMessageId = (await Poller.UntilAsync(() => Task.FromResult(published.For<CaseFiled>(caseId)), p => p.Count > 0,
            "the relay to have published the case's CaseFiled"))[0].MessageId!.Value;
        var consumed = new ConsumedCounter(caseId);
        using var observer = Hotline.WorkerBus.ConnectConsumeMessageObserver(consumed);

        var message = new CaseFiled(caseId, filed.Number, filed.RequestType, filed.CategoryCode, filed.Urgency, filed.FiledAt);
        // A redelivery of the very same message, twice; and the same event published again under a new id.
        await Hotline.WorkerBus.Publish(message, ctx => ctx.MessageId = originalMessageId);
        await Hotline.WorkerBus.Publish(message, ctx => ctx.MessageId = originalMessageId);
        await Hotline.WorkerBus.Publish(message, ctx => ctx.MessageId = NewId.NextGuid());
        await Poller.UntilAsync(() => Task.FromResult(consumed.Count), n => n >= 3, "the three extra deliveries to be consumed");

        // The deliveries have committed whatever they wrote; once none of the case's rows is left in the outbox, all were published.
        await Poller.UntilAsync(() => Db.ScalarAsync<long>("select count(*) from outbox where case_id = @caseId", new { caseId }), n => n == 0,
            "the case's outbox rows to be published");
        var history = await Api.GetHistoryAsync(filed.Number);
        var dispatchedEvents = published.For<CaseDispatched>(caseId).Count;
        Assert.Multiple(async () =>
        {
            Assert.That(history.Count(h => h.Action == "dispatch"), Is.EqualTo(1));
            Assert.That(history, Has.Count.EqualTo(2));
            Assert.That((await Api.GetCaseAsync(filed.Number)).Version, Is.EqualTo(2));
            Assert.That(dispatchedEvents, Is.EqualTo(1));
            Assert.That(consumed.Faults, Is.Zero);
        });
    }

    [Test]
    public async Task Metrics_are_served_in_the_Prometheus_text_format_to_a_scraper_with_the_token()
    {
        var filed = await Api.FileCaseAsync(Requests.NightNoise());
        await Api.WaitForStatusAsync(filed.Number, "dispatched");

        using var scraper = Hotline.Anonymous();
        scraper.DefaultRequestHeaders.Authorization = new("Bearer", Hotline.MetricsToken);
        var api = await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        using var workers = Hotline.Workers;
        workers.DefaultRequestHeaders.Authorization = new("Bearer", Hotline.MetricsToken);
        var worker = await workers.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(api, Does.Contain("# TYPE dispatch_cases_filed_total counter"));
            Assert.That(Value(api, "dispatch_cases_filed_total"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(worker, "dispatch_cases_dispatched_total"), Is.GreaterThanOrEqualTo(1));
            Assert.That(worker, Does.Contain("# TYPE dispatch_outbox_depth gauge").And.Contain("dispatch_sweeper_lag_seconds"));
        });
    }

    [Test]
    public async Task Metrics_without_the_scrape_token_are_refused_with_a_problem_that_says_what_to_send()
    {
        using var anonymous = Hotline.Anonymous();
        using var wrong = Hotline.Anonymous();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", Hotline.MetricsToken + "0");
        using var workers = Hotline.Workers;

        foreach (var (client, who) in new[] { (anonymous, "Api, no token"), (wrong, "Api, another token"), (workers, "Workers, no token") })
        {
            using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), who);
                Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"), who);
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), who);
                Assert.That(body, Does.Contain("Metrics:ScrapeToken").And.Not.Contain("dispatch_cases_filed_total"), who);
            });
        }
    }

    private static double Value(string metrics, string name) =>
        double.Parse(metrics.Split('\n').First(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            .Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task A_filed_event_that_arrives_after_the_case_moved_on_changes_nothing()
    {
        var filed = await Api.FileCaseAsync(Requests.NightNoise());
        await Api.WaitForStatusAsync(filed.Number, "dispatched");
        var um = await Hotline.As("um.handler");
        await um.ActAsync(filed.Number, "sign");
        await um.ActAsync(filed.Number, "reply", new Dispatch.Api.Apis.TextRequest("已处理"));
        var caseId = await Db.ScalarAsync<Guid>("select id from cases where number = @Number", new { filed.Number });
        var consumed = new ConsumedCounter(caseId);
        using var observer = Hotline.WorkerBus.ConnectConsumeMessageObserver(consumed);

        // Out of order: the filing event, late (as if held up in a broker or replayed from an error queue), after the case was resolved.
        await Hotline.WorkerBus.Publish(new CaseFiled(caseId, filed.Number, filed.RequestType, filed.CategoryCode, filed.Urgency, filed.FiledAt),
            ctx => ctx.MessageId = NewId.NextGuid());
        await Poller.UntilAsync(() => Task.FromResult(consumed.Count), n => n >= 1, "the late event to be consumed");

        var after = await Api.GetCaseAsync(filed.Number);
        Assert.Multiple(async () =>
        {
            Assert.That((after.Status, after.Version), Is.EqualTo(("resolved", 4)));
            Assert.That((await Api.GetHistoryAsync(filed.Number)).Select(h => h.Action), Is.EqualTo(new[] { "file", "dispatch", "sign", "reply" }));
            Assert.That(consumed.Faults, Is.Zero, "a late event is not an error");
        });
    }

    [Test]
    public async Task The_same_case_routed_by_several_messages_at_once_is_dispatched_once()
    {
        var filed = await Api.FileCaseAsync(Requests.NightNoise());
        var caseId = await Db.ScalarAsync<Guid>("select id from cases where number = @Number", new { filed.Number });
        var message = new CaseFiled(caseId, filed.Number, filed.RequestType, filed.CategoryCode, filed.Urgency, filed.FiledAt);

        var messageIds = Enumerable.Range(0, 8).Select(_ => NewId.NextGuid()).ToList();
        var consumed = new ConsumedCounter(caseId, messageIds);
        using var observer = Hotline.WorkerBus.ConnectConsumeMessageObserver(consumed);

        await Task.WhenAll(messageIds.Select(id => Hotline.WorkerBus.Publish(message, ctx => ctx.MessageId = id)));
        await Poller.UntilAsync(() => Task.FromResult(consumed.Count), n => n >= messageIds.Count, "all eight deliveries to be consumed");

        var history = await Api.GetHistoryAsync(filed.Number);
        Assert.Multiple(() =>
        {
            Assert.That(history.Count(h => h.Action == "dispatch"), Is.EqualTo(1));
            Assert.That(history, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task An_outbox_row_no_message_can_be_built_from_is_set_aside_and_the_rows_behind_it_still_flow()
    {
        // As if a later version had written a message this one does not know, and been rolled back: the relays publish
        // oldest first, so before, this row failed every batch it was in and held up everything behind it.
        var stray = await Db.ScalarAsync<long>("""
            insert into outbox (message_id, message_type, payload, case_id, created_at, attempts)
            values (@MessageId, 'Dispatch.Contracts.CaseTeleported', '{}', null, now(), 0) returning id
            """, new { MessageId = Guid.NewGuid() });

        // The relay takes the row once it is older than Outbox:RelayAfter (2 s here); it cannot build a message from it.
        var (sent, error) = await Poller.UntilAsync(
            async () => (await Db.QueryAsync<(DateTimeOffset?, string?)>("select sent_at, last_error from outbox where id = @stray", new { stray })).Single(),
            row => row.Item2 is not null, "the relay to set the stray row aside");
        var behind = await Db.ScalarAsync<long>("""
            insert into outbox (message_id, message_type, payload, case_id, created_at, attempts)
            values (@MessageId, @Type, @Payload, @CaseId, now(), 0) returning id
            """, new
        {
            MessageId = Guid.NewGuid(), Type = typeof(CaseChanged).FullName, CaseId = Guid.NewGuid(),
            Payload = """{"caseId":"0197a3e0-0000-7000-8000-000000000001","caseNumber":"000000000000","action":"note","toState":"filed","actor":"spec","version":1,"occurredAt":"2026-11-22T00:00:00Z"}""",
        });
        await Poller.UntilAsync(() => Db.ScalarAsync<long>("select count(*) from outbox where id = @behind", new { behind }), n => n == 0,
            "the relay to publish and delete the row behind the stray one");

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.Null, "kept for an operator, not sent");
            Assert.That(error, Does.Contain("'Dispatch.Contracts.CaseTeleported'"));
        });
    }

    [Test]
    public async Task A_refused_request_writes_nothing()
    {
        // Not the outbox: the relays delete what they publish, so its count falls whenever another spec's case moves on. Every
        // outbox row is written with a case or an audit row (CaseChangeWriter), and BadInputSpecs counts the outbox with no relay running.
        async Task<(long, long)> Counts() => (
            await Db.ScalarAsync<long>("select count(*) from cases"),
            await Db.ScalarAsync<long>("select count(*) from case_audit"));
        var before = await Counts();

        string[] bodies =
        [
            "{", "[]", "null", "{\"requestType\": 1}", "{\"requestType\":\"complaint\",\"actor\":\"someone-else\"}",
            """{"requestType":"complaint","categoryCode":"010201","channel":"phone","caller":{},"location":{"district":"DM"},"title":"t","content":"c","urgency":"never"}""",
            """{"requestType":"complaint","categoryCode":"010201","channel":"phone","caller":{},"location":{"district":"DM","lat":1},"title":"t","content":"c"}""",
        ];
        var statuses = new List<int>();
        foreach (var body in bodies)
        {
            using var response = await Api.PostAsync(new Uri("/api/cases", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            statuses.Add((int)response.StatusCode);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(statuses, Has.All.InRange(400, 499));
            Assert.That(await Counts(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Bad_json_is_answered_with_a_problem_that_names_the_field()
    {
        using var response = await Api.PostAsync(new Uri("/api/cases", UriKind.Relative),
            new StringContent("""{"requestType":"complaint","caller":{"confidential":"yes"}}""", Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ApiClient.Json);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem!.Errors.Keys, Is.EqualTo(new[] { "caller.confidential" }));
        });
    }

    private static IEnumerable<TestCaseData> NumbersThatAreNotCases()
    {
        // Well-formed but never issued: a sequence far beyond anything a test files.
        var unknown = Dispatch.Workers.Cases.CaseNumber.Format(new DateOnly(2020, 1, 1), 99_999);
        var wrongCheckDigit = unknown[..^1] + (char)('0' + ((unknown[^1] - '0' + 1) % 10));
        yield return new TestCaseData($"/api/cases/{unknown}", HttpStatusCode.NotFound).SetName("unknown number: 404");
        yield return new TestCaseData($"/api/cases/{unknown}/history", HttpStatusCode.NotFound).SetName("history of an unknown number: 404");
        yield return new TestCaseData($"/api/cases/{wrongCheckDigit}", HttpStatusCode.BadRequest).SetName("wrong check digit: 400");
        yield return new TestCaseData("/api/cases/not-a-number/history", HttpStatusCode.BadRequest).SetName("not a number: 400");
    }

    [TestCaseSource(nameof(NumbersThatAreNotCases))]
    public async Task Unknown_and_malformed_numbers_are_told_apart(string path, HttpStatusCode expected)
    {
        using var response = await Api.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [TestCase("/api/categories", "010201")]
    [TestCase("/api/departments", "HOUSING")]
    [TestCase("/api/areas", "DM-S04-C03-G02")]
    [TestCase("/openapi/v1.json", "/api/cases/{number}/history")]
    public async Task Reference_lists_and_the_openapi_document_are_served(string path, string expectedText)
    {
        var body = await Api.GetStringAsync(new Uri(path, UriKind.Relative));

        Assert.That(body, Does.Contain(expectedText));
    }

    /// <summary>Counts consumptions of CaseFiled for one case (and, when given, only of the listed message ids).</summary>
    private sealed class ConsumedCounter(Guid caseId, IReadOnlyCollection<Guid>? messageIds = null) : IConsumeMessageObserver<CaseFiled>
    {
        private int _count;
        private int _faults;

        public int Count => Volatile.Read(ref _count);

        public int Faults => Volatile.Read(ref _faults);

        public Task PreConsume(ConsumeContext<CaseFiled> context) => Task.CompletedTask;

        private bool Counts(ConsumeContext<CaseFiled> context) =>
            context.Message.CaseId == caseId && (messageIds is null || messageIds.Contains(context.MessageId ?? Guid.Empty));

        public Task PostConsume(ConsumeContext<CaseFiled> context)
        {
            if (Counts(context))
            {
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<CaseFiled> context, Exception exception)
        {
            if (Counts(context))
            {
                Interlocked.Increment(ref _faults);
            }

            return Task.CompletedTask;
        }
    }
}

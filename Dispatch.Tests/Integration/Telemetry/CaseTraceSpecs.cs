using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dispatch.Tests.Support;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Telemetry;

/// <summary>
/// Following a case (docs/telemetry.md): tracing on, the spans recorded by OpenTelemetry's in-memory exporter. The Api here
/// publishes nothing itself (its after-commit hand-off is replaced by one that drops what it is given), so every message it commits
/// waits in the outbox until a relay sends it seconds later: the trace must survive that wait, carried by the row. The Workers
/// publish their own messages at once, as in production.
/// </summary>
[Category("Integration")]
public sealed class CaseTraceSpecs : HotlineFixture
{
    private readonly RecordedSpans _spans = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Telemetry:Enabled"] = "true" };

    protected override DispatchSystem.HostServices Services => new(Api: services =>
    {
        services.AddSingleton(_spans.Export);
        services.AddSingleton<IAfterCommit>(new LeftForTheRelay());
    });

    [Test]
    public async Task A_filed_case_is_one_trace_from_the_request_through_the_relay_and_the_router_to_the_dispatch_commit()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");

        var request = await ServerSpanAsync(filed.Number, "POST");
        var trace = await Poller.UntilAsync(() => Task.FromResult(_spans.OfTrace(request.TraceId)),
            spans => DispatchCommit(spans) is not null && spans.Any(s => IsPublish(s, "CaseDispatched", "hand-off") && Sent(spans, s)),
            "the router's dispatch commit and its CaseDispatched published, in the request's trace");
        var relayed = trace.Single(s => IsPublish(s, "CaseFiled", "relay"));

        Assert.Multiple(() =>
        {
            Assert.That(trace.Where(s => RecordedSpans.CaseNumberOf(s) != filed.Number).Select(Describe), Is.Empty,
                "every span of the case's trace names the case");
            Assert.That(Ancestors(relayed, trace).Select(s => s.SpanId), Does.Contain(request.SpanId),
                "the relay's publish continues the request that wrote the row");
            Assert.That(Ancestors(DispatchCommit(trace)!, trace).Select(s => s.SpanId), Does.Contain(relayed.SpanId),
                "the dispatch commit descends from the relayed CaseFiled");
            Assert.That(trace.Where(s => s.Source.Name == "Npgsql"), Is.Not.Empty, "the database commands are in the trace");
            Assert.That(trace.Count(s => s.OperationName == "commit"), Is.GreaterThanOrEqualTo(2), "the filing's and the dispatch's commits");
        });
    }

    [Test]
    public async Task A_case_action_is_one_trace_from_the_request_to_the_message_it_announces()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        await (await As("um.handler")).ActAsync(filed.Number, "sign");

        var request = await ServerSpanAsync(filed.Number, "POST", "/sign");
        var trace = await Poller.UntilAsync(() => Task.FromResult(_spans.OfTrace(request.TraceId)),
            spans => spans.Any(s => IsPublish(s, "CaseChanged", "relay") && Sent(spans, s)), "the sign's CaseChanged relayed in its trace");

        Assert.Multiple(() =>
        {
            Assert.That(trace.Where(s => RecordedSpans.CaseNumberOf(s) != filed.Number).Select(Describe), Is.Empty);
            Assert.That(trace.Any(s => s.OperationName == "commit" && Ancestors(s, trace).Any(a => a.SpanId == request.SpanId)), Is.True,
                "the action's commit is under its request");
        });
    }

    [Test]
    public async Task A_sweeper_firing_is_a_span_of_its_case_and_the_notification_it_writes_continues_it()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        // A sweeper of the spec's own, a month ahead: every alarm of the case is due. It writes through the spec's Database, which
        // hands nothing on after the commit, so its notifications too go out through a host's relay.
        var later = new ManualClock(TimeProvider.System.GetUtcNow().AddDays(30));
        var sweeper = new DeadlineSweeper(Db.Database, new DeadlineRulesStore(Db.Database, later, Options.Create(new DeadlineOptions())), later,
            TestAuditKeys.Ring, Options.Create(new DeadlineOptions { SweepBatchSize = 50 }), NullLogger<DeadlineSweeper>.Instance);

        await sweeper.SweepOnceAsync(CancellationToken.None);

        var firing = await Poller.UntilAsync(() => Task.FromResult(_spans.All.FirstOrDefault(s =>
                s.OperationName == "fire deadline alarm" && RecordedSpans.CaseNumberOf(s) == filed.Number)),
            s => s is not null, "a firing span of the case");
        var trace = await Poller.UntilAsync(() => Task.FromResult(_spans.OfTrace(firing!.TraceId)),
            spans => spans.Any(s => s.OperationName == "outbox publish" && s.ParentSpanId == firing!.SpanId && Sent(spans, s)),
            "the firing's notification relayed in the sweep's trace");
        var underFiring = trace.Where(s => Ancestors(s, trace).Any(a => a.SpanId == firing!.SpanId)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(trace.Single(s => s.Parent is null && s.ParentSpanId == default).OperationName, Is.EqualTo("deadline sweep"));
            Assert.That(underFiring, Is.Not.Empty);
            Assert.That(underFiring.Where(s => RecordedSpans.CaseNumberOf(s) != filed.Number).Select(Describe), Is.Empty,
                "everything under the firing names its case");
        });
    }

    [Test]
    public async Task Metrics_are_still_served_in_the_Prometheus_text_format_to_a_scraper_with_the_token()
    {
        await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        using var scraper = Hotline.Anonymous();
        scraper.DefaultRequestHeaders.Authorization = new("Bearer", Hotline.MetricsToken);
        using var anonymous = Hotline.Anonymous();

        using var scraped = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var refused = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await scraped.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scraped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(scraped.Content.Headers.ContentType?.ToString(), Does.StartWith("text/plain; version=0.0.4"));
            Assert.That(text, Does.Contain("# TYPE dispatch_cases_filed_total counter\n"));
            Assert.That(text.Split('\n').Single(l => l.StartsWith("dispatch_cases_filed_total ", StringComparison.Ordinal)),
                Does.Not.EndWith(" 0"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(Hotline.ApiServices.GetService<OpenTelemetry.Metrics.MeterProvider>(), Is.Not.Null,
                "OpenTelemetry's meter provider listens to the same meter meanwhile");
        });
    }

    private async Task<Activity> ServerSpanAsync(string number, string method, string pathEnd = "") =>
        (await Poller.UntilAsync(() => Task.FromResult(_spans.All.FirstOrDefault(s =>
                s.Kind == ActivityKind.Server && s.GetTagItem("http.request.method") as string == method
                && RecordedSpans.CaseNumberOf(s) == number && (s.GetTagItem("url.path") as string ?? "").EndsWith(pathEnd, StringComparison.Ordinal))),
            s => s is not null, $"the {method} request's span of case {number}"))!;

    private static bool IsPublish(Activity span, string messageType, string path) =>
        span.OperationName == "outbox publish" && span.GetTagItem("messaging.message.type") as string == messageType
        && span.GetTagItem(CaseTracing.OutboxPathTag) as string == path;

    /// <summary>MassTransit's send span is under the publish span: the message went out to the broker in this trace.</summary>
    private static bool Sent(IReadOnlyList<Activity> trace, Activity publish) =>
        trace.Any(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer && s.ParentSpanId == publish.SpanId);

    /// <summary>The router's commit: a commit under MassTransit's consumer span.</summary>
    private static Activity? DispatchCommit(IReadOnlyList<Activity> trace) =>
        trace.FirstOrDefault(s => s.OperationName == "commit"
            && Ancestors(s, trace).Any(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer));

    /// <summary>The span's ancestors within the trace, by parent span id (across processes, as a trace viewer joins them).</summary>
    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyList<Activity> trace)
    {
        var byId = trace.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        for (var at = span; byId.TryGetValue(at.ParentSpanId, out var parent); at = parent)
        {
            yield return parent;
        }
    }

    private static string Describe(Activity span) => $"{span.Source.Name}: {span.DisplayName} ({RecordedSpans.CaseNumberOf(span) ?? "no number"})";

    /// <summary>Drops what a commit hands on: the Api's messages wait in the outbox for a relay.</summary>
    private sealed class LeftForTheRelay : IAfterCommit
    {
        public void Committed(IReadOnlyList<object> items)
        {
        }
    }
}

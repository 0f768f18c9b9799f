using System.Diagnostics;

namespace Dispatch.Workers.Telemetry;

/// <summary>
/// The hotline's own spans (ActivitySource "Dispatch": a commit, an outbox publish, a sweep and its firings) and the case number
/// every span of a case carries (<see cref="CaseNumberTag"/>). A request or a consumer is about one case: <see cref="TagCase"/> marks
/// the span now running and its ancestors in this process, and <see cref="CaseSpanProcessor"/> gives the same number to every span
/// under them, those that ended before the number was known included. Without a listener (tracing off) every call here is a
/// null check.
/// </summary>
public static class CaseTracing
{
    public const string SourceName = "Dispatch";

    /// <summary>The tag that names the case a span belongs to, e.g. <c>20261130-000123</c>.</summary>
    public const string CaseNumberTag = "dispatch.case.number";

    /// <summary>Which way an outbox message went out: <c>hand-off</c> (its writer, at once) or <c>relay</c> (later, from the table).</summary>
    public const string OutboxPathTag = "dispatch.outbox.path";

    public static ActivitySource Source { get; } = new(SourceName, "1.0");

    /// <summary>
    /// Marks the span running now, and its ancestors in this process, as spans of case <paramref name="number"/>: the request or the
    /// message they serve is about that case. An ancestor that already names a case keeps it (a sweep fires many cases' alarms).
    /// </summary>
    public static void TagCase(string number)
    {
        if (!Source.HasListeners())
        {
            // Tracing is off. ASP.NET Core may still have made an activity of its own for the request: it has no one to tell.
            return;
        }

        for (var span = Activity.Current; span is not null; span = span.Parent)
        {
            if (span.GetTagItem(CaseNumberTag) is not null)
            {
                return;
            }

            span.SetTag(CaseNumberTag, number);
        }
    }

    /// <summary>A span of its own for one case inside work about many (a sweep's firing): only this span names the case.</summary>
    public static Activity? StartCaseSpan(string name, string number)
    {
        var span = Source.StartActivity(name);
        span?.SetTag(CaseNumberTag, number);
        return span;
    }

    /// <summary>
    /// Leaves a span, and everything under it in this process, out of the export: work that turned out to be nothing (a sweep that
    /// found no alarm due), which would only bury the traces of cases.
    /// </summary>
    public static void Discard(Activity? span)
    {
        if (span is not null)
        {
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    /// <summary>
    /// The W3C trace context of the span running now (traceparent and tracestate), for an outbox row; nulls when none, or when
    /// tracing is off (an activity ASP.NET Core made for nobody is no trace anyone can follow).
    /// </summary>
    public static (string? Parent, string? State) CurrentContext() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current && Source.HasListeners() ? (current.Id, current.TraceStateString) : (null, null);

    /// <summary>
    /// A span for publishing an outbox message, child of the span that wrote the row (its stored traceparent), so that the message
    /// and everything its consumers do join the writer's trace however late it goes out.
    /// </summary>
    public static Activity? StartOutboxPublish(string? traceParent, string? traceState, string? caseNumber, string messageType, bool relayed)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var span = Source.StartActivity("outbox publish", ActivityKind.Internal, parent);
        if (span is not null)
        {
            span.SetTag(OutboxPathTag, relayed ? "relay" : "hand-off");
            span.SetTag("messaging.message.type", messageType);
            if (caseNumber is not null)
            {
                span.SetTag(CaseNumberTag, caseNumber);
            }
        }

        return span;
    }
}

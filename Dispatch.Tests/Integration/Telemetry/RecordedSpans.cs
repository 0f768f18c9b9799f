using System.Collections.ObjectModel;
using System.Diagnostics;
using Dispatch.Workers.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace Dispatch.Tests.Integration.Telemetry;

/// <summary>
/// What OpenTelemetry's in-memory exporter received, behind <see cref="CaseSpanProcessor"/> as any exporter is (a
/// <see cref="SpanExport"/>). The Api and the Workers run in this one process, and a tracer provider hears every span source in it,
/// so one host's exporter records both hosts' spans: registered in one host only, each span is recorded once.
/// </summary>
public sealed class RecordedSpans
{
    private readonly Spans _spans = [];

    public SpanExport Export => new(new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(_spans)));

    public IReadOnlyList<Activity> All => _spans.Snapshot();

    public IReadOnlyList<Activity> OfTrace(ActivityTraceId trace) => [.. All.Where(s => s.TraceId == trace)];

    public static string? CaseNumberOf(Activity span) => span.GetTagItem(CaseTracing.CaseNumberTag) as string;

    // The exporter adds from the threads that end spans while a spec reads.
    private sealed class Spans : Collection<Activity>
    {
        private readonly Lock _gate = new();

        public IReadOnlyList<Activity> Snapshot()
        {
            lock (_gate)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }

        protected override void ClearItems()
        {
            lock (_gate)
            {
                base.ClearItems();
            }
        }
    }
}

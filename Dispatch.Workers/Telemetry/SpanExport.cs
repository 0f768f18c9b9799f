using System.Diagnostics;
using OpenTelemetry;

namespace Dispatch.Workers.Telemetry;

/// <summary>
/// Where finished spans go, after <see cref="CaseSpanProcessor"/> has given them their case numbers: OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; a spec registers an in-memory one of its own.
/// </summary>
public sealed record SpanExport(BaseProcessor<Activity> Processor);

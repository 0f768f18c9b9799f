using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dispatch.Workers.Telemetry;

/// <summary>
/// OpenTelemetry for the Api and the Workers (docs/telemetry.md): traces from ASP.NET Core, Npgsql, SqlClient, MassTransit and the
/// hotline's own spans (<see cref="CaseTracing"/>), and metrics from the "Dispatch" meter with the runtime's and ASP.NET Core's.
/// Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, configured by the standard variables (OTEL_SERVICE_NAME,
/// OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER and its _ARG, …); otherwise nothing is registered,
/// no span is made and nothing leaves the process. <c>Telemetry:Enabled=true</c> traces without OTLP (for the specs, whose exporter
/// is a <see cref="SpanExport"/> they register). /metrics is not OpenTelemetry's: <see cref="PrometheusText"/> serves it either way.
/// </summary>
public static class DispatchTelemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddDispatchTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);
        if (!configuration.GetValue("Telemetry:Enabled", otlp))
        {
            return builder;
        }

        if (otlp)
        {
            builder.Services.AddSingleton(new SpanExport(new BatchActivityExportProcessor(new OtlpTraceExporter(new OtlpExporterOptions()))));
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(CaseTracing.SourceName, "MassTransit")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbeOrScrape(http.Request.Path))
                .AddNpgsql()
                .AddSqlClientInstrumentation()
                .AddProcessor(sp => new CaseSpanProcessor([.. sp.GetServices<SpanExport>().Select(e => e.Processor)])))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DispatchMetrics.MeterName).AddRuntimeInstrumentation().AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }

    // Health probes and scrapes come every few seconds from machines: traced, they would bury the cases' traces.
    private static bool IsProbeOrScrape(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}

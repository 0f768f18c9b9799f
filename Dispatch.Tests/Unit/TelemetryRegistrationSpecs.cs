using Dispatch.Workers.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Dispatch.Tests.Unit;

/// <summary>Whether a host traces and exports is decided by the standard OTLP variable alone (docs/telemetry.md).</summary>
[Category("Unit")]
public sealed class TelemetryRegistrationSpecs
{
    private static IHost Host(params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddDispatchTelemetry("dispatch-spec");
        return builder.Build();
    }

    [Test]
    public void Without_an_endpoint_nothing_is_registered()
    {
        using var host = Host();

        Assert.Multiple(() =>
        {
            Assert.That(host.Services.GetService<TracerProvider>(), Is.Null);
            Assert.That(host.Services.GetService<MeterProvider>(), Is.Null);
            Assert.That(host.Services.GetServices<SpanExport>(), Is.Empty);
        });
    }

    [Test]
    public void With_an_endpoint_traces_go_through_the_case_numbers_to_a_batching_OTLP_export_and_metrics_are_collected()
    {
        using var host = Host((DispatchTelemetry.EndpointVariable, "http://127.0.0.1:9"));

        var exports = host.Services.GetServices<SpanExport>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(host.Services.GetService<TracerProvider>(), Is.Not.Null);
            Assert.That(host.Services.GetService<MeterProvider>(), Is.Not.Null);
            Assert.That(exports.Select(e => e.Processor), Has.One.InstanceOf<BatchActivityExportProcessor>());
        });
    }

    [Test]
    public void Telemetry_Enabled_false_turns_it_off_even_with_an_endpoint()
    {
        using var host = Host((DispatchTelemetry.EndpointVariable, "http://127.0.0.1:9"), ("Telemetry:Enabled", "false"));

        Assert.That(host.Services.GetService<TracerProvider>(), Is.Null);
    }
}

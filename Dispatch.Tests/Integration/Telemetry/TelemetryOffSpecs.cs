using Dispatch.Tests.Support;
using Dispatch.Workers.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Dispatch.Tests.Integration.Telemetry;

/// <summary>Without OTEL_EXPORTER_OTLP_ENDPOINT (and without Telemetry:Enabled) nothing is traced and nothing is exported.</summary>
[Category("Integration")]
public sealed class TelemetryOffSpecs : HotlineFixture
{
    [Test]
    public async Task Without_an_endpoint_no_provider_is_registered_no_span_is_made_and_the_case_still_goes_through()
    {
        Assume.That(Environment.GetEnvironmentVariable(DispatchTelemetry.EndpointVariable), Is.Null.Or.Empty,
            "this process was given an OTLP endpoint");
        // A listener of the spec's own would make spans for everyone: it only watches whether any other listener asks for ours.
        var listenedTo = CaseTracing.Source.HasListeners();

        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");

        Assert.Multiple(() =>
        {
            foreach (var (host, services) in new[] { ("Api", Hotline.ApiServices), ("Workers", Hotline.WorkerServices) })
            {
                Assert.That(services.GetService<TracerProvider>(), Is.Null, host);
                Assert.That(services.GetService<MeterProvider>(), Is.Null, host);
                Assert.That(services.GetServices<SpanExport>(), Is.Empty, host);
            }

            Assert.That(listenedTo || CaseTracing.Source.HasListeners(), Is.False, "nobody listens to the hotline's spans");
        });
    }
}

using System.Net;
using Dispatch.Workers.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dispatch.Benchmarks;

/// <summary>
/// What tracing costs per case (docs/telemetry.md): the same saturation run, an Api and one Worker process, with tracing off (no
/// OTLP endpoint: nothing registered), sampled (10% of traces, parent-based) and on (every trace), each exporting over OTLP/HTTP to
/// a sink in this process that reads and drops what it is sent, as a collector would take it. Off runs first and again last,
/// to show how far the machine drifted meanwhile.
/// </summary>
public static partial class IntakeBenchmark
{
    public sealed record TracingRun(string Mode, Saturation Usage, long Exports, long ExportedBytes);

    private static readonly (string Mode, string? Sampler)[] TracingModes =
        [("off", null), ("sampled 10%", "parentbased_traceidratio"), ("on", "parentbased_always_on"), ("off again", null)];

    public static async Task<IReadOnlyList<TracingRun>> TracingAsync(BenchServers servers, int preload, TimeSpan warmUp, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(servers);
        await using var bench = await BenchDatabase.CreateAsync(servers.AdminPostgres, $"tr_{preload}", 40);
        var (connectionString, database) = (bench.ConnectionString, bench.Database);
        if (preload > 0)
        {
            await ReportBenchmark.GenerateAsync(connectionString, preload);
        }

        await using var sink = await OtlpSink.StartAsync();
        var token = await new UserDirectory(database, TimeProvider.System).IssueTokenAsync("agent1", "bench", null, CancellationToken.None);
        var runs = new List<TracingRun>();
        foreach (var (mode, sampler) in TracingModes)
        {
            var environment = Environment(connectionString, servers);
            if (sampler is not null)
            {
                environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Address;
                environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                environment["OTEL_TRACES_SAMPLER"] = sampler;
                environment["OTEL_TRACES_SAMPLER_ARG"] = "0.1";
            }

            await using var api = await BenchHost.StartAsync("Dispatch.Api", environment);
            await using var worker = await BenchHost.StartAsync("Dispatch.Workers", environment);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
            {
                BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(30),
            };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var tag = $"bench-tracing-{runs.Count}";
            await DispatchedRateAsync(connectionString, tag + "-warm", await ClosedLoopAsync(http, tag + "-warm", 32, warmUp));
            var (exports, bytes) = sink.Received;
            var usage = await UsageMeter.StartAsync(connectionString, () => CpuMeter.Read(api.ProcessId, [worker.ProcessId]));
            var accepted = await ClosedLoopAsync(http, tag, 32, window);
            var saturation = await usage.StopAsync(1, accepted, await DispatchedRateAsync(connectionString, tag, accepted));
            var (exportsAfter, bytesAfter) = sink.Received;
            runs.Add(new TracingRun(mode, saturation, exportsAfter - exports, bytesAfter - bytes));
        }

        return runs;
    }

    /// <summary>An OTLP/HTTP receiver that takes every export (traces and metrics) and counts what it read: the collector's side, cheaply.</summary>
    private sealed class OtlpSink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _exports;
        private long _bytes;

        private OtlpSink(WebApplication app, string address) => (_app, Address) = (app, address);

        public string Address { get; }

        public (long Exports, long Bytes) Received => (Interlocked.Read(ref _exports), Interlocked.Read(ref _bytes));

        public static async Task<OtlpSink> StartAsync()
        {
            var port = Dispatch.Testing.ListenPort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            var sink = new OtlpSink(app, $"http://127.0.0.1:{port}");
            app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                var read = 0L;
                var buffer = new byte[16384];
                int n;
                while ((n = await http.Request.Body.ReadAsync(buffer)) > 0)
                {
                    read += n;
                }

                Interlocked.Increment(ref sink._exports);
                Interlocked.Add(ref sink._bytes, read);
                // An empty Export…ServiceResponse: nothing rejected.
                http.Response.ContentType = "application/x-protobuf";
                http.Response.StatusCode = StatusCodes.Status200OK;
            });
            await app.StartAsync();
            return sink;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}

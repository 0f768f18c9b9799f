using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Dapper;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Workers.Hosting;

/// <summary>
/// The hotline's metrics on System.Diagnostics.Metrics (meter "Dispatch"): what happened (counters, added where it happens)
/// and how much is waiting (gauges, sampled from the database every few seconds by <see cref="DispatchMetricsSampler"/>).
/// <see cref="PrometheusText"/> exports them in the Prometheus text format at <c>/metrics</c>; an OpenTelemetry collector
/// can listen to the same meter. Static, like the runtime's own meters: one per process.
/// </summary>
public static class DispatchMetrics
{
    public const string MeterName = "Dispatch";

    private static readonly Meter Meter = new(MeterName, "1.0");
    private static long _outboxDepth;
    private static double _sweeperLagSeconds;
    private static long _overdueOpen;
    private static long _auditCasesBroken;
    private static long _auditAdminBroken;
    private static double _auditVerifiedAt;

    public static Counter<long> CasesFiled { get; } = Meter.CreateCounter<long>("dispatch_cases_filed_total", description: "Cases recorded by agents (201 answers).");

    public static Counter<long> CasesDispatched { get; } = Meter.CreateCounter<long>("dispatch_cases_dispatched_total", description: "Cases dispatched by the routing rules.");

    public static Counter<long> AlarmsFired { get; } = Meter.CreateCounter<long>("dispatch_deadline_alarms_fired_total", description: "Deadline alarms fired.");

    public static Counter<long> OutboxLeftToRelay { get; } = Meter.CreateCounter<long>("dispatch_outbox_left_to_relay_total",
        description: "Committed messages this process did not publish at once (its publisher was full, or the broker failed it): the relay sends them.");

    public static Counter<long> ConsumerFaults { get; } = Meter.CreateCounter<long>("dispatch_consumer_faults_total", description: "Messages a consumer failed to handle (each try).");

    public static Counter<long> MessagesReturned { get; } = Meter.CreateCounter<long>("dispatch_consumer_messages_returned_total",
        description: "Messages a consumer gave back to their queue because the database was unavailable (see docs/reliability.md).");

    public static Counter<long> RequestsLimited { get; } = Meter.CreateCounter<long>("dispatch_requests_limited_total",
        description: "Requests answered 429, by the limit that refused them (per-user, per-address, failed-sign-ins, exports).");

    public static Counter<long> RequestsTimedOut { get; } = Meter.CreateCounter<long>("dispatch_requests_timed_out_total",
        description: "Requests stopped by their time limit before they had answered (answered 503).");

    public static ObservableGauge<long> OutboxDepth { get; } =
        Meter.CreateObservableGauge("dispatch_outbox_depth", () => Interlocked.Read(ref _outboxDepth), description: "Outbox rows not yet published.");

    public static ObservableGauge<double> SweeperLag { get; } = Meter.CreateObservableGauge("dispatch_sweeper_lag_seconds", () => Volatile.Read(ref _sweeperLagSeconds),
        description: "How long the oldest due, unfired deadline alarm has been waiting.");

    public static ObservableGauge<long> Overdue { get; } =
        Meter.CreateObservableGauge("dispatch_cases_overdue", () => Interlocked.Read(ref _overdueOpen), description: "Open cases past their nearest deadline.");

    public static ObservableGauge<long> AuditCasesBroken { get; } = Meter.CreateObservableGauge("dispatch_audit_cases_broken",
        () => Interlocked.Read(ref _auditCasesBroken), description: "Cases whose audit trail did not hold at the last `audit verify` run.");

    public static ObservableGauge<long> AuditAdminRecordBroken { get; } = Meter.CreateObservableGauge("dispatch_audit_admin_record_broken",
        () => Interlocked.Read(ref _auditAdminBroken), description: "1 when the administrative record did not hold at the last `audit verify` run.");

    public static ObservableGauge<double> AuditVerifiedAt { get; } = Meter.CreateObservableGauge("dispatch_audit_last_verified_timestamp_seconds",
        () => Volatile.Read(ref _auditVerifiedAt), description: "When the last `audit verify` run finished (Unix seconds; 0: never).");

    /// <summary>The last `audit verify` run's result, or nothing when there was none.</summary>
    public static void SampleAudit(long casesBroken, bool adminIntact, DateTimeOffset finishedAt)
    {
        Interlocked.Exchange(ref _auditCasesBroken, casesBroken);
        Interlocked.Exchange(ref _auditAdminBroken, adminIntact ? 0 : 1);
        Volatile.Write(ref _auditVerifiedAt, finishedAt.ToUnixTimeMilliseconds() / 1000.0);
    }

    public static void Sample(long outboxDepth, double sweeperLagSeconds, long overdueOpen)
    {
        Interlocked.Exchange(ref _outboxDepth, outboxDepth);
        Volatile.Write(ref _sweeperLagSeconds, sweeperLagSeconds);
        Interlocked.Exchange(ref _overdueOpen, overdueOpen);
    }
}

/// <summary>
/// Reads the gauges' figures from the database every few seconds (small queries the partial indexes answer). It takes the
/// <see cref="PrometheusText"/> exporter so that the exporter starts listening when the host starts, not at the first
/// scrape: a counter's increments before a listener exists are not seen by it.
/// </summary>
public sealed partial class DispatchMetricsSampler(Database database, TimeProvider clock, PrometheusText exporter, ILogger<DispatchMetricsSampler> logger)
    : BackgroundService
{
    public PrometheusText Exporter { get; } = exporter;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSampleFailed(logger, e);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (outbox, oldestDue, overdue) = await database.ReadAsync(async (connection, ct) =>
        {
            var outbox = await connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from outbox", cancellationToken: ct));
            var oldest = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
                "select min(due_at) from case_alarms where fired_at is null and due_at <= @Now", new { Now = now }, cancellationToken: ct));
            var overdue = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "select count(*) from cases where next_due_at < @Now and status in ('dispatched', 'signed')", new { Now = now }, cancellationToken: ct));
            var last = await connection.QuerySingleOrDefaultAsync<LastVerification>(new CommandDefinition($"""
                select cases_broken as {nameof(LastVerification.CasesBroken)}, admin_intact as {nameof(LastVerification.AdminIntact)},
                       finished_at as {nameof(LastVerification.FinishedAt)}
                from audit_verifications order by id desc offset 0 rows fetch next 1 rows only
                """, cancellationToken: ct));
            if (last is not null)
            {
                DispatchMetrics.SampleAudit(last.CasesBroken, last.AdminIntact, last.FinishedAt);
            }

            return (outbox, oldest, overdue);
        }, cancellationToken);
        var lag = oldestDue is { } due ? Math.Max(0, (now - new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc))).TotalSeconds) : 0;
        DispatchMetrics.Sample(outbox, lag, overdue);
    }

    private sealed class LastVerification
    {
        public long CasesBroken { get; init; }
        public bool AdminIntact { get; init; }
        public DateTimeOffset FinishedAt { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sample the metrics' gauges")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Listens to the "Dispatch" meter (and the runtime's, for memory and GC) and writes what it heard in the Prometheus text
/// exposition format: counters as running totals per tag set, gauges as their last value.
/// </summary>
public sealed class PrometheusText : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _totals = new();
    private readonly ConcurrentDictionary<string, (string Type, string? Help)> _instruments = new();

    public PrometheusText()
    {
        // Touch the meter so that its instruments exist before the listener starts.
        _ = DispatchMetrics.CasesFiled;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DispatchMetrics.MeterName)
            {
                _instruments[instrument.Name] = (instrument is ObservableGauge<long> or ObservableGauge<double> ? "gauge" : "counter", instrument.Description);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var (name, (type, help)) in _instruments.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            var series = _totals.Where(t => t.Key.Name == name).OrderBy(t => t.Key.Labels, StringComparer.Ordinal).ToList();
            if (series.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name} 0\n");
            }

            foreach (var ((_, labels), value) in series)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{labels} {value}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"# TYPE process_managed_heap_bytes gauge\nprocess_managed_heap_bytes {GC.GetTotalMemory(false)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE process_working_set_bytes gauge\nprocess_working_set_bytes {Environment.WorkingSet}\n");
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = tags.Length == 0 ? "" : "{" + string.Join(",", tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key}=\"{t.Value?.ToString()?.Replace("\"", "'", StringComparison.Ordinal)}\"")) + "}";
        if (instrument is ObservableGauge<long> or ObservableGauge<double>)
        {
            _totals[(instrument.Name, labels)] = value;
        }
        else
        {
            _totals.AddOrUpdate((instrument.Name, labels), value, (_, total) => total + value);
        }
    }
}

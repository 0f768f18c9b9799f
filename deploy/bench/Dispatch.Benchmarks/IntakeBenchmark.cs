using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Dispatch.Api.Intake;
using Dispatch.Workers.Access;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Dispatch.Benchmarks;

/// <summary>Where the benchmark's servers are: deploy/bench/run sets these.</summary>
public sealed record BenchServers(string AdminPostgres, string RabbitHost, string RabbitVirtualHost, string RabbitUser, string RabbitPassword);

/// <summary>
/// Intake to dispatched, through the real system: an Api process and Workers processes (Release builds; Debug with --debug; configured as in
/// production) on RabbitMQ and PostgreSQL, driven through the public API.
///   saturation — 32 clients file cases as fast as they are answered for a while; the rate is the cases filed in the
///                window divided by the time from the first filing to the last dispatch (so dispatch keeps up or is counted);
///   open loop  — 200 cases a second on a fixed schedule: the API's answer time, and the time from filing to dispatched;
///   raw        — the practical limit of this machine: the same durable work written straight on Npgsql and RabbitMQ.Client
///                (one transaction inserts the case, its audit row and an outbox row; a publish to a quorum queue with
///                confirms, then the outbox row is deleted; a consumer updates the case and adds its audit row in one
///                transaction and acks);
///   memory     — the peak resident set (VmRSS) of each process through the run.
/// </summary>
public static partial class IntakeBenchmark
{
    /// <param name="CpuMsPerCase">CPU milliseconds per case by part (<see cref="CpuMeter"/>), from the first filing until all are dispatched.</param>
    /// <param name="Seconds">That time, wall clock.</param>
    /// <param name="WalBytesPerCase">PostgreSQL's write-ahead log written per case in that time: how much the database wrote.</param>
    public sealed record Saturation(int Workers, long Cases, double PerSecond, IReadOnlyDictionary<string, double> CpuMsPerCase, double Seconds,
        double WalBytesPerCase);

    /// <param name="SettledSeconds">How long the loop waited first for PostgreSQL's autovacuum to finish what the saturation runs left it.</param>
    /// <param name="SlowestMs">The slowest answer, filed <paramref name="SlowestAtSecond"/> seconds into the loop.</param>
    /// <param name="Over50Ms">How many answers took longer than 50 ms: a few clustered in one second mean a stall, not a slow path.</param>
    /// <param name="Usage">What the loop cost, as a saturation run reports it (CPU per case by part, WAL per case).</param>
    public sealed record OpenLoop(int Rate, long Cases, double ApiP50Ms, double ApiP99Ms, double DispatchP50Ms, double DispatchP99Ms, long Errors,
        double SettledSeconds, double SlowestMs, double SlowestAtSecond, int Over50Ms, Saturation Usage);

    /// <summary>
    /// The raw pipeline at the open loop's fixed rate: its latency floor on this machine. The filing's commit stands for the API's
    /// answer (the raw pipeline has no HTTP in front), and dispatched is its consumer's commit.
    /// </summary>
    public sealed record RawOpenLoop(int Rate, long Cases, double FiledP50Ms, double FiledP99Ms, double DispatchP50Ms, double DispatchP99Ms,
        Saturation Usage);

    public sealed record Result(int Preloaded, IReadOnlyList<Saturation> Saturations, OpenLoop? Latency, Saturation? Raw, double ApiPeakRssMb,
        double WorkerPeakRssMb)
    {
        public RawOpenLoop? RawLatency { get; init; }

        /// <summary>The raw pipeline's rate before the services started and after they stopped; <see cref="Raw"/> is their mean.</summary>
        public double? RawBefore { get; init; }

        public double? RawAfter { get; init; }
    }

    public static async Task<Result> RunAsync(BenchServers servers, int preload, IReadOnlyList<int> workerCounts, TimeSpan warmUp, TimeSpan saturation,
        TimeSpan? openLoop, bool raw)
    {
        await using var bench = await BenchDatabase.CreateAsync(servers.AdminPostgres, $"in_{preload}", 40);
        var (connectionString, database) = (bench.ConnectionString, bench.Database);
        var hosts = new List<BenchHost>();
        try
        {
            if (preload > 0)
            {
                await ReportBenchmark.GenerateAsync(connectionString, preload);
            }

            // The raw pipeline brackets our runs, once before the services start and once after they stop: this machine's speed
            // drifts within minutes, and the ratio should compare like with like.
            Saturation? rawBefore = null;
            if (raw)
            {
                await RawPipelineAsync(connectionString, servers, warmUp);
                rawBefore = await RawSaturationAsync(connectionString, servers, saturation);
            }

            var token = await new UserDirectory(database, TimeProvider.System).IssueTokenAsync("agent1", "bench", null, CancellationToken.None);
            var environment = Environment(connectionString, servers);
            var api = await BenchHost.StartAsync("Dispatch.Api", environment);
            hosts.Add(api);
            var workers = new List<BenchHost>();
            Dictionary<string, double> ReadCpu() => CpuMeter.Read(api.ProcessId, [.. workers.Select(w => w.ProcessId)]);
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    foreach (var host in hosts.ToList())
                    {
                        host.SampleRss();
                    }

                    await Task.Delay(250);
                }
            });

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var saturations = new List<Saturation>();
            OpenLoop? latency = null;
            foreach (var count in workerCounts)
            {
                while (workers.Count < count)
                {
                    var worker = await BenchHost.StartAsync("Dispatch.Workers", environment);
                    workers.Add(worker);
                    hosts.Add(worker);
                }

                // Warm up first (JIT tiering, pools, prefetch), untimed: a service runs for days, so the figure is its steady state.
                var warmTag = $"bench-warm-{count}";
                await DispatchedRateAsync(connectionString, warmTag, await ClosedLoopAsync(http, warmTag, 32, warmUp));
                var tag = $"bench-sat-{count}";
                var usage = await UsageMeter.StartAsync(connectionString, ReadCpu);
                var accepted = await ClosedLoopAsync(http, tag, 32, saturation);
                saturations.Add(await usage.StopAsync(count, accepted, await DispatchedRateAsync(connectionString, tag, accepted)));

                // The open loop runs with the first (smallest) number of workers: on this machine's two cores a second worker
                // process costs more CPU than it brings (compare the saturation rows), and latency at 200/s is about headroom.
                if (openLoop is { } window && latency is null)
                {
                    latency = await OpenLoopAsync(http, connectionString, 200, window, workers.Count, ReadCpu);
                }
            }

            await sampling.CancelAsync();
            await sampler;
            var (apiRss, workerRss) = (api.PeakRssBytes / 1048576.0, workers.Count == 0 ? 0 : workers.Max(w => w.PeakRssBytes) / 1048576.0);

            // The raw pipeline gets the machine (and the database's connections) to itself.
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            hosts.Clear();
            Saturation? rawRun = null;
            Saturation? rawAfter = null;
            RawOpenLoop? rawLatency = null;
            if (rawBefore is not null)
            {
                rawAfter = await RawSaturationAsync(connectionString, servers, saturation);
                rawRun = Mean(rawBefore, rawAfter);
                if (openLoop is { } window)
                {
                    await SettleAsync(connectionString);
                    var usage = await UsageMeter.StartAsync(connectionString, () => CpuMeter.Read(null, []));
                    var run = await RawPipelineAsync(connectionString, servers, window, rate: 200);
                    rawLatency = new RawOpenLoop(200, run.Cases, P(run.FiledMs, 0.5), P(run.FiledMs, 0.99), P(run.DispatchMs, 0.5),
                        P(run.DispatchMs, 0.99), await usage.StopAsync(0, run.Cases, run.PerSecond));
                }
            }

            return new Result(preload, saturations, latency, rawRun, apiRss, workerRss)
            {
                RawLatency = rawLatency, RawBefore = rawBefore?.PerSecond, RawAfter = rawAfter?.PerSecond,
            };
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

        }
    }

    /// <summary>
    /// The soak: an Api and a worker under a steady <paramref name="rate"/> cases a second for <paramref name="duration"/>; each
    /// process's resident set at the end of every minute, to show whether memory grows.
    /// </summary>
    public static async Task<IReadOnlyList<(int Minute, double ApiRssMb, double WorkerRssMb, long Filed)>> SoakAsync(BenchServers servers, int rate,
        TimeSpan duration)
    {
        await using var bench = await BenchDatabase.CreateAsync(servers.AdminPostgres, $"soak");
        var (connectionString, database) = (bench.ConnectionString, bench.Database);
        BenchHost? api = null;
        BenchHost? worker = null;
        try
        {
            var token = await new UserDirectory(database, TimeProvider.System).IssueTokenAsync("agent1", "bench", null, CancellationToken.None);
            var environment = Environment(connectionString, servers);
            api = await BenchHost.StartAsync("Dispatch.Api", environment);
            worker = await BenchHost.StartAsync("Dispatch.Workers", environment);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = api.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var samples = new List<(int, double, double, long)>();
            long filed = 0;
            var clock = Stopwatch.StartNew();
            var inFlight = new List<Task>();
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                inFlight.Add(Task.Run(async () =>
                {
                    using var response = await http.PostAsJsonAsync("/api/cases", Case("bench-soak"));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref filed);
                    }
                }));
                inFlight.RemoveAll(t => t.IsCompleted);
                if ((int)(clock.Elapsed.TotalMinutes) > samples.Count)
                {
                    samples.Add((samples.Count + 1, api.SampleRss() / 1048576.0, worker.SampleRss() / 1048576.0, Interlocked.Read(ref filed)));
                }
            }

            await Task.WhenAll(inFlight);
            return samples;
        }
        finally
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }

            if (worker is not null)
            {
                await worker.DisposeAsync();
            }

        }
    }

    // The processes connect as the services' role, as deployed (deploy/bench/run sets DISPATCH_BENCH_POSTGRES_SERVICE), and seal
    // with a key of the run's own.
    private static readonly string AuditKey = Convert.ToBase64String(BenchDatabase.Keys.SealingKey);

    private static string AsServiceRole(string connectionString) =>
        System.Environment.GetEnvironmentVariable("DISPATCH_BENCH_POSTGRES_SERVICE") is { Length: > 0 } service
            ? new NpgsqlConnectionStringBuilder(service) { Database = new NpgsqlConnectionStringBuilder(connectionString).Database }.ConnectionString
            : connectionString;

    internal static Dictionary<string, string> Environment(string connectionString, BenchServers servers) => new()
    {
        ["ConnectionStrings__Dispatch"] = new NpgsqlConnectionStringBuilder(AsServiceRole(connectionString)) { MaxPoolSize = 30 }.ConnectionString,
        ["Audit__ChainKeys__bench"] = AuditKey,
        // The benchmark files as fast as one agent's token is answered: a load far above a person's, which the per-user limit
        // would cut. Its figures are the services', not the limiter's.
        ["RateLimits__PerUser__PermitLimit"] = "1000000",
        ["RateLimits__PerUser__PermitsPerPeriod"] = "1000000",
        ["Database__MigrateOnStart"] = "false",
        ["RabbitMq__Host"] = servers.RabbitHost,
        ["RabbitMq__VirtualHost"] = servers.RabbitVirtualHost,
        ["RabbitMq__Username"] = servers.RabbitUser,
        ["RabbitMq__Password"] = servers.RabbitPassword,
        ["Routing__FallbackDepartmentCode"] = "GOV",
        ["Logging__LogLevel__Default"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Metrics__ScrapeToken"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)),
    };

    private static FileCaseRequest Case(string tag) => new("complaint", "010201", "phone", new CallerInput("张三", "13800138000", false),
        new LocationInput("DM", "DM-S02", "DM-S02-C01", "DM-S02-C01-G01", "翠苑一区5幢", 30.28, 120.13), tag, "晚上11点后工地仍在打桩，严重影响休息。", "normal");

    private static async Task<long> ClosedLoopAsync(HttpClient http, string tag, int clients, TimeSpan window)
    {
        long accepted = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < window)
            {
                using var response = await http.PostAsJsonAsync("/api/cases", Case(tag));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        }));
        return accepted;
    }

    /// <summary>Cases of the tag over the time from the first filing to the last dispatch, once all are dispatched.</summary>
    private static async Task<double> DispatchedRateAsync(string connectionString, string tag, long accepted)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var clock = Stopwatch.StartNew();
        while (await connection.ExecuteScalarAsync<long>("select count(*) from cases where title = @tag and dispatched_at is not null", new { tag }) < accepted)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Not all {accepted} '{tag}' cases were dispatched within 10 minutes.");
            }

            await Task.Delay(200);
        }

        var seconds = await connection.ExecuteScalarAsync<double>(
            "select extract(epoch from max(dispatched_at) - min(filed_at)) from cases where title = @tag", new { tag });
        return accepted / seconds;
    }

    /// <summary>
    /// Waits (up to 5 minutes) until no autovacuum worker runs in the benchmark's database: the saturation runs before the open loop
    /// leave it tens of thousands of rows to vacuum and analyse, work that a line running steadily at the loop's rate spreads over
    /// time. Returns the seconds waited.
    /// </summary>
    private static async Task<double> SettleAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5) && await connection.ExecuteScalarAsync<long>(
                   "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker' and datname = current_database()") > 0)
        {
            await Task.Delay(1000);
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<OpenLoop> OpenLoopAsync(HttpClient http, string connectionString, int rate, TimeSpan window, int workers,
        Func<Dictionary<string, double>> readCpu)
    {
        const string Tag = "bench-open";
        var settled = await SettleAsync(connectionString);
        var meter = await UsageMeter.StartAsync(connectionString, readCpu);
        var answers = new ConcurrentBag<(double At, double Ms)>();
        long errors = 0;
        var total = await OnScheduleAsync(rate, window, async at =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/cases", Case(Tag));
            answers.Add((at, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Interlocked.Increment(ref errors);
            }
        });
        var accepted = total - Interlocked.Read(ref errors);
        // Until every case of the loop is dispatched, like a saturation run.
        var usage = await meter.StopAsync(workers, accepted, await DispatchedRateAsync(connectionString, Tag, accepted));
        await using var connection = new NpgsqlConnection(connectionString);
        var dispatch = (await connection.QueryAsync<double>(
            "select extract(epoch from dispatched_at - filed_at) * 1000 from cases where title = @Tag order by 1", new { Tag })).ToArray();
        var api = answers.Select(a => a.Ms).Order().ToArray();
        var slowest = answers.MaxBy(a => a.Ms);
        return new OpenLoop(rate, accepted, P(api, 0.5), P(api, 0.99), P(dispatch, 0.5), P(dispatch, 0.99), errors, settled, slowest.Ms, slowest.At,
            api.Count(ms => ms > 50), usage);
    }

    /// <summary>What a run cost: CPU by part (<see cref="CpuMeter"/>), PostgreSQL's WAL and the wall time, from start to stop.</summary>
    private sealed class UsageMeter
    {
        private readonly string _connectionString;
        private readonly Func<Dictionary<string, double>> _readCpu;
        private readonly Dictionary<string, double> _cpu;
        private readonly long _wal;
        private readonly long _started = Stopwatch.GetTimestamp();

        private UsageMeter(string connectionString, Func<Dictionary<string, double>> readCpu, long wal) =>
            (_connectionString, _readCpu, _cpu, _wal) = (connectionString, readCpu, readCpu(), wal);

        /// <summary>
        /// Starts measuring right after a checkpoint: PostgreSQL starts one every 5 minutes by itself, and for a while after each it
        /// writes whole pages into its log, so without this a window would pay for one or not by chance (on 2026-11-22 a timed one
        /// ran through our open loop and not the raw pipeline's). Every window, ours and the raw pipeline's, starts alike.
        /// </summary>
        public static async Task<UsageMeter> StartAsync(string connectionString, Func<Dictionary<string, double>> readCpu)
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                // Not through Dapper: it takes a text without a space for the name of a procedure.
                await using var checkpoint = new NpgsqlCommand("checkpoint", connection);
                try
                {
                    await checkpoint.ExecuteNonQueryAsync();
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    // Not granted pg_checkpoint (deploy/bench/run grants it): the window is measured as the server stands.
                }
            }

            return new(connectionString, readCpu, await WalPositionAsync(connectionString));
        }

        public async Task<Saturation> StopAsync(int workers, long cases, double perSecond)
        {
            var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var cpu = CpuMeter.Between(_cpu, _readCpu());
            var wal = await WalPositionAsync(_connectionString) - _wal;
            var perCase = (double value) => cases == 0 ? 0 : value / cases;
            return new Saturation(workers, cases, perSecond, cpu.ToDictionary(p => p.Key, p => perCase(p.Value * 1000)), seconds, perCase(wal));
        }

        /// <summary>How far PostgreSQL's write-ahead log has come, in bytes (the whole cluster: the benchmark's database is the only busy one).</summary>
        private static async Task<long> WalPositionAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            return await connection.ExecuteScalarAsync<long>("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
        }
    }

    private static async Task<Saturation> RawSaturationAsync(string connectionString, BenchServers servers, TimeSpan window)
    {
        var usage = await UsageMeter.StartAsync(connectionString, () => CpuMeter.Read(null, []));
        var run = await RawPipelineAsync(connectionString, servers, window);
        return await usage.StopAsync(0, run.Cases, run.PerSecond);
    }

    /// <summary>Two raw runs as one: the mean rate, and the CPU and WAL per case over both runs' cases.</summary>
    private static Saturation Mean(Saturation a, Saturation b)
    {
        var cases = a.Cases + b.Cases;
        double PerCase(double x, double y) => cases == 0 ? 0 : (x * a.Cases + y * b.Cases) / cases;
        return new Saturation(0, cases, (a.PerSecond + b.PerSecond) / 2,
            a.CpuMsPerCase.ToDictionary(p => p.Key, p => PerCase(p.Value, b.CpuMsPerCase.GetValueOrDefault(p.Key))),
            a.Seconds + b.Seconds, PerCase(a.WalBytesPerCase, b.WalBytesPerCase));
    }

    /// <summary>
    /// The same durable work per case, straight on Npgsql and RabbitMQ.Client: the practical limit of this machine. 32 producers
    /// file as fast as they can, or, given a <paramref name="rate"/>, cases are filed on that fixed schedule (an open loop).
    /// Returns, sorted, each filing's time to its commit and each case's time from filing to dispatched.
    /// </summary>
    private static async Task<(long Cases, double PerSecond, double[] FiledMs, double[] DispatchMs)> RawPipelineAsync(string connectionString,
        BenchServers servers, TimeSpan window, int? rate = null)
    {
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.ExecuteAsync("""
                create table if not exists raw_cases (id uuid primary key, number text not null, status text not null, version int not null, title text not null,
                                        content text not null, filed_at timestamptz not null, dispatched_at timestamptz null);
                create table if not exists raw_audit (id bigint generated always as identity primary key, case_id uuid not null, seq int not null, action text not null,
                                        occurred_at timestamptz not null);
                create table if not exists raw_outbox (id bigint generated always as identity primary key, message_id uuid not null, payload text not null,
                                         created_at timestamptz not null, sent_at timestamptz null);
                """);
        }

        var factory = new ConnectionFactory
        {
            HostName = servers.RabbitHost, VirtualHost = servers.RabbitVirtualHost, UserName = servers.RabbitUser, Password = servers.RabbitPassword,
            // As many messages in flight at once as a worker's consumer allows (ConcurrentMessageLimit 16).
            ConsumerDispatchConcurrency = 16,
        };
        await using var broker = await factory.CreateConnectionAsync();
        const string Queue = "bench-raw";
        await using (var declare = await broker.CreateChannelAsync())
        {
            await declare.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            await declare.QueuePurgeAsync(Queue);
        }

        long produced = 0;
        long consumed = 0;
        var started = new ConcurrentDictionary<Guid, long>();
        var filedMs = new ConcurrentBag<double>();
        var dispatchMs = new ConcurrentBag<double>();
        await using var consumerChannel = await broker.CreateChannelAsync();
        await consumerChannel.BasicQosAsync(0, 32, false);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        // The same connection settings as the services (prepared statements, no session reset), so the ratio measures our code.
        var dataSource = NpgsqlDataSource.Create(new PostgreSqlDialect().WithServiceDefaults(
            new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 60 }.ConnectionString));
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var id = new Guid(Encoding.UTF8.GetString(delivery.Body.Span));
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await connection.ExecuteAsync("update raw_cases set status = 'dispatched', version = 2, dispatched_at = now() where id = @id",
                    new { id }, transaction);
                await connection.ExecuteAsync("insert into raw_audit (case_id, seq, action, occurred_at) values (@id, 2, 'dispatch', now())",
                    new { id }, transaction);
                await transaction.CommitAsync();
            }

            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false);
            if (started.TryRemove(id, out var filedAt))
            {
                dispatchMs.Add(Stopwatch.GetElapsedTime(filedAt).TotalMilliseconds);
            }

            Interlocked.Increment(ref consumed);
        };
        await consumerChannel.BasicConsumeAsync(Queue, autoAck: false, consumer);

        async Task FileAsync(IChannel channel)
        {
            var id = Guid.CreateVersion7();
            var at = Stopwatch.GetTimestamp();
            started[id] = at;
            long outboxId;
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await connection.ExecuteAsync(
                    "insert into raw_cases (id, number, status, version, title, content, filed_at) values (@id, @id::text, 'filed', 1, 'raw', '基准', now())",
                    new { id }, transaction);
                await connection.ExecuteAsync("insert into raw_audit (case_id, seq, action, occurred_at) values (@id, 1, 'file', now())", new { id }, transaction);
                outboxId = await connection.ExecuteScalarAsync<long>(
                    "insert into raw_outbox (message_id, payload, created_at) values (@id, @id::text, now()) returning id", new { id }, transaction);
                await transaction.CommitAsync();
            }

            filedMs.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            await channel.BasicPublishAsync(string.Empty, Queue, mandatory: false, new BasicProperties { Persistent = true },
                Encoding.UTF8.GetBytes(id.ToString()));
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                // As our relay does: the confirmed row is deleted.
                await connection.ExecuteAsync("delete from raw_outbox where id = @outboxId", new { outboxId });
            }

            Interlocked.Increment(ref produced);
        }

        var clock = Stopwatch.StartNew();
        if (rate is { } perSecond)
        {
            // Channels with confirms, one per filing in flight, handed back when it is done.
            var channels = new ConcurrentBag<IChannel>();
            await OnScheduleAsync(perSecond, window, async _ =>
            {
                var channel = channels.TryTake(out var idle) ? idle : await broker.CreateChannelAsync(new CreateChannelOptions(true, true));
                await FileAsync(channel);
                channels.Add(channel);
            });
            foreach (var channel in channels)
            {
                await channel.DisposeAsync();
            }
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
            {
                await using var channel = await broker.CreateChannelAsync(new CreateChannelOptions(true, true));
                while (clock.Elapsed < window)
                {
                    await FileAsync(channel);
                }
            }));
        }

        while (Interlocked.Read(ref consumed) < Interlocked.Read(ref produced))
        {
            await Task.Delay(50);
        }

        var perSecondDispatched = consumed / clock.Elapsed.TotalSeconds;
        await dataSource.DisposeAsync();
        return (consumed, perSecondDispatched, [.. filedMs.Order()], [.. dispatchMs.Order()]);
    }

    /// <summary>
    /// An open loop: starts <paramref name="file"/> <paramref name="rate"/> times a second for <paramref name="window"/>, each on the
    /// thread pool at its due time whatever the earlier ones are doing, and returns how many it started once all have finished.
    /// <paramref name="file"/> is given the seconds since the loop began.
    /// </summary>
    private static async Task<int> OnScheduleAsync(int rate, TimeSpan window, Func<double, Task> file)
    {
        var total = (int)(rate * window.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var started = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            started.Add(Task.Run(() => file(clock.Elapsed.TotalSeconds)));
        }

        await Task.WhenAll(started);
        return total;
    }

    private static double P(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

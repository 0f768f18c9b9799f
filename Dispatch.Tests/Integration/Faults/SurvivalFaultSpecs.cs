using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Dispatch.Contracts;
using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.Faults;

/// <summary>
/// What a line must survive in production, run here for real on servers of the fixture's own: a three-node RabbitMQ cluster
/// (<see cref="RabbitMqCluster"/>, quorum queues, the configuration compose's cluster runs) and a PostgreSQL cluster
/// (<see cref="OwnPostgresCluster"/>), so that nothing the rest of the suite uses is stopped. Two Api and two Workers processes
/// (<see cref="HostProcess"/>) are each told all three nodes, starting from different ones. After each scenario
/// <see cref="InvariantChecker"/> reads the database: nothing accepted is lost, nothing happened twice, no message is left in an
/// error queue. The figures are printed and written to .dispatch-local/survival-figures.md (docs/reliability.md's table).
/// </summary>
[Category("Integration")]
[Category("Survival")]
// Part of every run (2 to 3.5 minutes on this kind of 2-core machine); alone with --filter Category=Survival (docs/reliability.md).
[NonParallelizable]
public sealed class SurvivalFaultSpecs
{
    private const string Queue = "route-filed-case";
    private static readonly List<string> Figures = [];
    private readonly ConcurrentDictionary<string, Expected> _accepted = new();
    private readonly List<HostProcess> _apis = [];
    private readonly List<HostProcess> _workers = [];
    private readonly Dictionary<string, string> _tokens = [];
    private readonly List<Task<HostProcess>> _starting = [];
    private Task<RabbitMqCluster>? _brokerStart;
    private RabbitMqCluster _broker = null!;
    private OwnPostgresCluster _postgres = null!;
    private TestDatabase _db = null!;
    private Dictionary<string, string> _environment = null!;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    [OneTimeSetUp]
    public async Task StartTheSystem()
    {
        // Side by side, each waiting on its own readiness: the RabbitMQ cluster forms while PostgreSQL starts, the database is
        // migrated and the Api start (an Api is ready without the broker: what it accepts waits in the outbox). The Workers start
        // once the cluster is whole, since they are not ready without it.
        _brokerStart = RabbitMqCluster.StartAsync();
        _postgres = await OwnPostgresCluster.StartAsync();
        _db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql, adminConnectionString: _postgres.AdminConnectionString,
            serviceConnectionString: _postgres.ServiceConnectionString);
        Phase("PostgreSQL runs, the database migrated");
        _environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Dispatch"] = _db.ServiceConnectionString,
            ["Database__MigrateOnStart"] = "false",
            ["RabbitMq__VirtualHost"] = RabbitMqCluster.VirtualHost,
            ["RabbitMq__Username"] = RabbitMqCluster.User,
            ["RabbitMq__Password"] = RabbitMqCluster.Password,
            ["Routing__FallbackDepartmentCode"] = "GOV",
            ["Outbox__PublishTimeout"] = "00:00:03",
            ["Outbox__MaxBackoff"] = "00:00:01",
            ["Outbox__RelayAfter"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Metrics__ScrapeToken"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)),
            ["DOTNET_gcServer"] = "0",
            ["RateLimits__PerUser__PermitLimit"] = "1000000",
            ["RateLimits__PerUser__PermitsPerPeriod"] = "1000000",
            ["RateLimits__PerAddress__PermitLimit"] = "1000000",
            ["RateLimits__PerAddress__PermitsPerPeriod"] = "1000000",
        };
        foreach (var (key, value) in TestAuditKeys.Environment)
        {
            _environment[key] = value;
        }

        // DISPATCH_TEST_CONSUMERS_PAUSE=false runs the Workers as they were before the kill switch (to see the failure the
        // database-outage scenario guards against).
        if (Environment.GetEnvironmentVariable("DISPATCH_TEST_CONSUMERS_PAUSE") is { Length: > 0 } pause)
        {
            _environment["Consumers__PauseWhileDatabaseUnavailable"] = pause;
        }

        var users = new UserDirectory(_db.Database, TimeProvider.System);
        foreach (var user in new[] { "agent1", "um.handler" })
        {
            _tokens[user] = await users.IssueTokenAsync(user, "faults", null, CancellationToken.None);
        }

        // Each process is told all three nodes, starting from another one, so the connections spread over the cluster.
        var apis = Enumerable.Range(1, 2).Select(n => HostProcess.StartAsync("Dispatch.Api", $"api-{n}", With(n + 2))).ToList();
        _starting.AddRange(apis);
        _broker = await _brokerStart;
        Phase("the RabbitMQ cluster is whole");
        var workers = Enumerable.Range(1, 2).Select(n => HostProcess.StartAsync("Dispatch.Workers", $"worker-{n}", With(n))).ToList();
        _starting.AddRange(workers);
        _workers.AddRange(await Task.WhenAll(workers));
        _apis.AddRange(await Task.WhenAll(apis));
        Phase("two Workers and two Api ready");
    }

    [OneTimeTearDown]
    public async Task StopTheSystem()
    {
        // Every process that started, even when the set-up failed part of the way.
        foreach (var start in _starting)
        {
            await Task.WhenAny(start);
            if (start.IsCompletedSuccessfully)
            {
                await start.Result.DisposeAsync();
            }
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        var brokerDown = Task.CompletedTask;
        if (_brokerStart is not null)
        {
            await Task.WhenAny(_brokerStart);
            brokerDown = _brokerStart.IsCompletedSuccessfully ? _brokerStart.Result.DisposeAsync().AsTask() : RabbitMqCluster.RemoveAsync();
        }

        await Task.WhenAll(_postgres is null ? Task.CompletedTask : _postgres.DisposeAsync().AsTask(), brokerDown);
        _brokerStart?.Dispose();
        Phase("everything stopped and removed");

        var table = string.Join('\n', ["| scenario | cases answered 201 | faults injected | 503 answers (retried) | other 5xx | lost | done twice | error-queue messages left |",
            "|---|---:|---|---:|---:|---:|---:|---:|", .. Figures]);
        TestContext.Progress.WriteLine(table);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
        {
            root = root.Parent;
        }

        if (root is not null)
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, ".dispatch-local"));
            await File.WriteAllTextAsync(Path.Combine(root.FullName, ".dispatch-local", "survival-figures.md"),
                $"Survival fault scenarios, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n{table}\n");
        }
    }

    [Test, Order(1)]
    public async Task The_node_leading_the_queues_killed_and_brought_back_mid_stream_loses_nothing_and_does_nothing_twice()
    {
        var leader = await Poller.UntilAsync(() => _broker.LeaderOfAsync(Queue), l => l is not null, "the routing queue to have a leader") ?? 0;
        int? newLeader = null;
        Task? fault = null;
        // A steady stream (two filers, each pausing 100 ms after a case: at most about 20 a second, so that the filing does not
        // starve the node that boots again of the machine's two cores), through the whole fault: from the kill until the node is
        // back in the cluster.
        var run = await FileAsync(100, concurrency: 2, pause: TimeSpan.FromMilliseconds(100), onAccepted: n =>
        {
            if (n == 40)
            {
                fault = Task.Run(async () =>
                {
                    await _broker.KillAsync(leader);
                    Phase($"node {leader} killed");
                    // Another node leads once the two left agree (a quorum queue keeps a majority of three).
                    newLeader = await Poller.UntilAsync(() => _broker.LeaderOfAsync(Queue), l => l is not null && l != leader,
                        "another node to lead the routing queue", TimeSpan.FromSeconds(60));
                    Phase($"node {newLeader} leads {Queue}");
                    await _broker.StartAsync(leader);
                    await Poller.UntilAsync(() => _broker.RunningNodesAsync(), n => n == 3, "the node to rejoin the cluster", TimeSpan.FromSeconds(120));
                });
            }
        }, more: () => fault is not { IsCompleted: true });
        await fault!;
        Phase($"node {leader} killed, node {newLeader} led, node {leader} back; {run.Numbers.Count} cases filed");
        await UntilAllDispatchedAsync(run.Numbers, TimeSpan.FromSeconds(180));
        Phase("all dispatched");

        await AssertInvariantsAsync(
            $"the RabbitMQ node leading the quorum queues (of three) killed and restarted while {run.Numbers.Count} cases are filed through two Api and handled by two Workers",
            run, $"SIGKILL of node {leader} (the routing queue's leader; node {newLeader} took over), then started again");
        Assert.That(newLeader, Is.Not.Null.And.Not.EqualTo(leader), "another node led the queue while the leader was down");
    }

    [Test, Order(2)]
    public async Task A_minute_long_database_outage_with_a_backlog_waiting_pauses_the_consumers_and_resumes_by_itself()
    {
        // Issue 25: a burst of several thousand cases filed faster than the Workers route them, then the database stops for 60 s.
        const int burst = 3000;
        const int severalThousand = 2000;
        var outage = TimeSpan.FromSeconds(60);
        var readyDuringOutage = new List<HttpStatusCode>();
        var liveDuringOutage = new List<HttpStatusCode>();
        long errorsDuringOutage = 0;
        long waitingAtEnd = 0;
        var outageOver = false;

        // The backlog: on two cores the Workers route as fast as two Api file, so they are stopped (SIGTERM) while the burst is
        // filed as fast as the Api take it (eight filers, no pause), and the routing queue is read until it holds every CaseFiled
        // of the burst (the outbox handed them all over). The database stops with that backlog waiting; the Workers start again
        // on it (alive, not ready) and take messages from it while the database is down.
        foreach (var worker in _workers)
        {
            await worker.StopAsync();
        }

        var burstRun = await FileAsync(burst, concurrency: 8, pause: TimeSpan.Zero);
        Phase($"burst filed: {burstRun.Numbers.Count} answered 201");
        var backlog = await Poller.UntilAsync(async () => (await _broker.QueueDepthsAsync()).GetValueOrDefault(Queue),
            depth => depth >= burstRun.Numbers.Count, $"the {burstRun.Numbers.Count} CaseFiled of the burst to wait in {Queue}", TimeSpan.FromSeconds(120));
        Assert.That(backlog, Is.GreaterThanOrEqualTo(severalThousand), "several thousand CaseFiled wait in the routing queue when the database stops");
        await _postgres.StopAsync();
        var clock = Stopwatch.StartNew();
        Phase($"database stopped with {backlog} waiting in {Queue}");
        await Task.WhenAll(_workers.Select(w => w.StartAsync(untilReady: false)));

        // Meanwhile a client keeps filing: 503 with Retry-After, retried with the same key until accepted.
        var during = FileAsync(0, concurrency: 2, pause: TimeSpan.FromMilliseconds(100), more: () => !Volatile.Read(ref outageOver));
        using (var workers = new HttpClient { BaseAddress = _workers[0].BaseAddress, Timeout = TimeSpan.FromSeconds(5) })
        {
            // As an operator would look while it is down: the Workers alive but not ready, the backlog waiting, nothing in the
            // error queue. (The outage's length is the fault itself, not a wait for an outcome.)
            // Each look ends 5 s (or what is left of the minute) before the next.
            while (clock.Elapsed < outage)
            {
                readyDuringOutage.Add((await workers.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
                liveDuringOutage.Add((await workers.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
                var depths = await _broker.QueueDepthsAsync();
                waitingAtEnd = depths.GetValueOrDefault(Queue, waitingAtEnd);
                errorsDuringOutage = Math.Max(errorsDuringOutage, ErrorMessages(depths));
                var left = outage - clock.Elapsed;
                if (left > TimeSpan.Zero)
                {
                    await Task.Delay(left < TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5));
                }
            }
        }

        await _postgres.StartAgainAsync();
        var back = clock.Elapsed;
        Phase($"database back after {back.TotalSeconds:0} s; {waitingAtEnd} still waiting, {errorsDuringOutage} in error queues");
        Volatile.Write(ref outageOver, true);
        var duringRun = await during;
        var run = burstRun + duringRun;

        // Done when nothing is left to move: the outbox empty and the routing queue empty (a message is acknowledged after its
        // case's commit). Whether every case was dispatched is then the checker's to say, so that a run without the protection
        // ends with its figures instead of a timeout.
        await Poller.UntilAsync(() => _db.ScalarAsync<long>("select count(*) from outbox"), n => n == 0, "the outbox to drain", TimeSpan.FromSeconds(120));
        // (A queue whose depth the broker has not reported yet reads -1, not 0.)
        await Poller.UntilAsync(async () => (await _broker.QueueDepthsAsync()).GetValueOrDefault(Queue, -1), depth => depth == 0,
            $"{Queue} to drain", TimeSpan.FromMinutes(4));
        var drained = clock.Elapsed - back;
        var stillFiled = await _db.ScalarAsync<long>("select count(*) from cases where number = any(@Numbers) and status = 'filed'",
            new { Numbers = run.Numbers.ToArray() });
        var returned = await MessagesReturnedAsync();
        Phase($"{Queue} drained {drained.TotalSeconds:0} s after the database was back; {stillFiled} cases still filed");

        var protection = _environment.GetValueOrDefault("Consumers__PauseWhileDatabaseUnavailable") is "false" or "False"
            ? "WITHOUT the protection (Consumers:PauseWhileDatabaseUnavailable=false): the consumers retried and failed"
            : $"the consumers paused (kill switch; {returned} messages given back to the queue) and took the backlog again by themselves";
        await AssertInvariantsAsync(
            $"PostgreSQL stopped for {outage.TotalSeconds:0} s with {backlog} CaseFiled waiting in the routing queue (a burst of {burst} filed with the Workers stopped; they start again during the outage and take from it); {waitingAtEnd} still waiting at the end of the outage; cases filed on through it; {run.Numbers.Count} cases in all",
            run, $"pg_ctlcluster stop -m fast, start {outage.TotalSeconds:0} s later (answering again {back.TotalSeconds:0} s after the stop); {protection}; queue drained {drained.TotalSeconds:0} s after the database was back, {stillFiled} cases left `filed`");
        Assert.Multiple(() =>
        {
            Assert.That(stillFiled, Is.Zero, "every accepted case dispatched");
            Assert.That(run.Unavailable, Is.GreaterThan(0), "requests made while the database was down were answered 503 (and retried)");
            Assert.That(run.UnavailableWithoutRetryAfter, Is.Zero, "every 503 says when to try again (Retry-After)");
            Assert.That(errorsDuringOutage, Is.Zero, "no message went to an error queue during the outage");
            Assert.That(returned, Is.GreaterThan(0), "the consumers gave messages back to the queue while the database was down");
            Assert.That(liveDuringOutage, Has.All.EqualTo(HttpStatusCode.OK), "the Workers stay alive: nothing to restart");
            Assert.That(readyDuringOutage, Has.All.EqualTo(HttpStatusCode.ServiceUnavailable), "the Workers say they are not ready while paused");
        });
    }

    [Test, Order(3)]
    public async Task A_poison_message_still_goes_to_the_error_queue_after_its_retries_and_does_not_pause_the_consumers()
    {
        // A CaseFiled for a case that is not there: the database answers, the message cannot be routed. Not the database's
        // fault, so the kill switch does not count it: the rest flows, and the poison ends in the error queue after 6 tries.
        var missing = Guid.NewGuid();
        await using (var connection = await _db.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("""
                insert into outbox (message_id, message_type, payload, case_id, created_at, attempts) values (@MessageId, @Type, @Payload, null, now(), 0)
                """, new
            {
                MessageId = Guid.NewGuid(), Type = MessageTypes.NameOf(typeof(CaseFiled)),
                Payload = JsonSerializer.Serialize(new CaseFiled(missing, "999999999998", "complaint", "010201", "normal", DateTimeOffset.UtcNow),
                    JsonSerializerOptions.Web),
            });
        }

        var run = await FileAsync(20, concurrency: 2, pause: TimeSpan.FromMilliseconds(50));
        await UntilAllDispatchedAsync(run.Numbers);
        await Poller.UntilAsync(ErrorQueueDepthAsync, depth => depth >= 1, "the poison message in the error queue", TimeSpan.FromSeconds(90));
        var listed = await WorkersCommandAsync("errors", "list", Queue);
        using var workers = new HttpClient { BaseAddress = _workers[0].BaseAddress };
        var ready = (await workers.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode;

        Assert.Multiple(() =>
        {
            Assert.That(listed, Does.Contain("route-filed-case_error").And.Contain("does not exist"));
            Assert.That(ready, Is.EqualTo(HttpStatusCode.OK), "one poison message does not pause the consumers");
        });
        // The cause is fixed (the case arrives) and the message replayed, as an operator would: routed once.
        await InsertFiledCaseAsync(missing, "999999999998");
        _accepted["999999999998"] = new Expected("dispatched", "UM");
        await WorkersCommandAsync("errors", "replay", Queue);
        await Poller.UntilAsync(() => _db.ScalarAsync<string>("select status from cases where id = @missing", new { missing }), s => s == "dispatched",
            "the replayed case to be dispatched", TimeSpan.FromSeconds(60));
        await AssertInvariantsAsync($"a poison message (a CaseFiled whose case is missing) among {run.Numbers.Count} cases, with the kill switch on", run,
            "1 poison message: 6 tries, then the error queue, the consumers not paused; replayed once fixed");
    }

    private Dictionary<string, string> With(int firstNode) => new(_environment) { ["RabbitMq__Host"] = RabbitMqCluster.Hosts(firstNode) };

    /// <summary>
    /// Files cases through both APIs (<see cref="RetryingFiler"/>), <paramref name="pause"/> apart per filer; a 503 is tried again
    /// after its Retry-After, a refused connection after a second, as a client would. Each accepted case is expected dispatched.
    /// </summary>
    private Task<RetryingFiler.Run> FileAsync(int count, int concurrency, TimeSpan pause, Action<int>? onAccepted = null, Func<bool>? more = null) =>
        new RetryingFiler([.. _apis.Select(a => a.BaseAddress)], _tokens["agent1"], "生存演练", pause,
                RetryPause: retryAfter => retryAfter ?? TimeSpan.FromSeconds(1), GiveUpAfter: TimeSpan.FromSeconds(150))
            .FileAsync(count, concurrency, (number, n) =>
            {
                _accepted[number] = new Expected("dispatched", "UM");
                onAccepted?.Invoke(n);
            }, more);

    /// <summary>Messages both Workers gave back to their queue (dispatch_consumer_messages_returned_total), read as Prometheus would.</summary>
    private async Task<long> MessagesReturnedAsync()
    {
        long returned = 0;
        foreach (var worker in _workers)
        {
            using var client = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", _environment["Metrics__ScrapeToken"]);
            var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            returned += System.Text.RegularExpressions.Regex.Matches(text, @"^dispatch_consumer_messages_returned\S*\s+([0-9.eE+]+)",
                    System.Text.RegularExpressions.RegexOptions.Multiline)
                .Sum(m => (long)double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        return returned;
    }

    private void Phase(string what) => TestContext.Progress.WriteLine($"[survival {_wall.Elapsed:mm\\:ss}] {what}");

    private Task<long> UntilAllDispatchedAsync(List<string> numbers, TimeSpan? timeout = null) =>
        Poller.UntilAsync(() => _db.ScalarAsync<long>("select count(*) from cases where number = any(@Numbers) and status = 'filed'",
                new { Numbers = numbers.ToArray() }),
            waiting => waiting == 0, $"all {numbers.Count} cases to be dispatched", timeout ?? TimeSpan.FromSeconds(90));

    private async Task<long> ErrorQueueDepthAsync() => ErrorMessages(await _broker.QueueDepthsAsync());

    private static long ErrorMessages(IReadOnlyDictionary<string, long> depths) =>
        depths.Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Value);

    private async Task AssertInvariantsAsync(string scenario, RetryingFiler.Run run, string faults)
    {
        await Poller.UntilAsync(() => _db.ScalarAsync<long>("select count(*) from outbox"), n => n == 0, "the outbox to drain", TimeSpan.FromSeconds(90));
        var problems = await InvariantChecker.CheckAsync(_db, _accepted);
        // The management API's queue figures trail the queues by a collection interval (a replayed message still reads as there),
        // so the error queues are read until they are empty or 15 s have passed; what is left then is the figure.
        var depths = await _broker.QueueDepthsAsync();
        for (var read = Stopwatch.StartNew(); ErrorMessages(depths) > 0 && read.Elapsed < TimeSpan.FromSeconds(15);)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            depths = await _broker.QueueDepthsAsync();
        }

        var errorMessages = ErrorMessages(depths);

        var lost = problems.Count(p => p.Contains("does not exist", StringComparison.Ordinal));
        var twice = problems.Count(p => p.Contains("times", StringComparison.Ordinal));
        Figures.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {run.Numbers.Count} | {faults} | {run.Unavailable} | {run.ServerErrors} | {lost} | {twice} | {errorMessages} |"));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty, string.Join('\n', _workers.Select(w => $"--- worker output:\n{w.Output}")));
            Assert.That(run.ServerErrors, Is.Zero, "no answer but 201 and 503");
            Assert.That(run.Numbers.Distinct().Count(), Is.EqualTo(run.Numbers.Count), "each case answered 201 once");
            Assert.That(errorMessages, Is.Zero, $"no message left in an error queue: {string.Join(", ", depths.Select(q => $"{q.Key}={q.Value}"))}");
        });
    }

    /// <summary>Runs <c>dotnet Dispatch.Workers.dll …</c> (an operator's command) against this scenario's broker.</summary>
    private async Task<string> WorkersCommandAsync(params string[] arguments)
    {
        var dll = HostProcess.BuildOutput("Dispatch.Workers");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in With(1))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{string.Join(' ', arguments)}: {output}{error}");
        return output;
    }

    /// <summary>The missing case arrives: filed, with its audit row chained as the application would write it.</summary>
    private async Task InsertFiledCaseAsync(Guid id, string number)
    {
        var now = AuditChain.Truncate(DateTimeOffset.UtcNow);
        var entry = new AuditEntry(1, "file", null, "filed", "agent:agent1", null, null, null, null, now);
        var (_, seal) = AuditChain.Append(TestAuditKeys.Ring, null, id, entry);
        await using var connection = await _db.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            insert into cases (id, number, status, version, request_type, category_code, channel, urgency, caller_confidential, district_code,
                               street_code, title, content, filed_by, filed_at, updated_at, audit_hash)
            values (@Id, @Number, 'filed', 1, 'complaint', '010201', 'phone', 'normal', false, 'DM', 'DM-S02', '夜间施工噪声', '恢复的受理', 'agent:agent1',
                    @Now, @Now, @Head);
            insert into case_audit (case_id, seq, action, from_state, to_state, actor, occurred_at, hash, key_id)
            values (@Id, 1, 'file', null, 'filed', 'agent:agent1', @Now, @Hash, @KeyId);
            """, new { Id = id, Number = number, Now = now, seal.Hash, seal.Head, seal.KeyId });
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Dispatch.Api.Apis;
using Dispatch.Contracts;
using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.Faults;

/// <summary>
/// The whole system as real processes — two Api and three Workers processes (<c>dotnet Dispatch.*.dll</c>) on one
/// RabbitMQ virtual host and one PostgreSQL database of their own — while a steady stream of cases is filed through
/// both APIs and handled, and faults are injected: workers killed with SIGKILL mid-batch and restarted, a worker
/// stopped gracefully, RabbitMQ stopped and started, PostgreSQL stopped and started, a poison message. After each
/// scenario <see cref="InvariantChecker"/> reads the database: nothing accepted is lost, nothing happened twice,
/// every audit trail is whole, the outbox drained, no message left in an error queue but the poison one.
/// The figures of the run are printed at the end and written to .dispatch-local/fault-figures.md.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ProcessFaultSpecs
{
    private const string Queue = "route-filed-case";
    private static readonly List<string> Figures = [];
    private readonly ConcurrentDictionary<string, Expected> _accepted = new();
    private readonly string _vhost = $"dispatch-faults-{Guid.NewGuid():N}"[..28];
    private TestDatabase _db = null!;
    private Dictionary<string, string> _environment = null!;
    private readonly List<HostProcess> _apis = [];
    private readonly List<HostProcess> _workers = [];
    private readonly Dictionary<string, string> _tokens = [];

    [OneTimeSetUp]
    public async Task StartTheSystem()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await Broker.AddVirtualHostAsync(_vhost);
        _environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Dispatch"] = _db.ServiceConnectionString,
            ["Database__MigrateOnStart"] = "false",
            ["RabbitMq__Host"] = TestSettings.RabbitHost,
            ["RabbitMq__VirtualHost"] = _vhost,
            ["RabbitMq__Username"] = TestSettings.RabbitUser,
            ["RabbitMq__Password"] = TestSettings.RabbitPassword,
            ["Routing__FallbackDepartmentCode"] = "GOV",
            ["Outbox__PublishTimeout"] = "00:00:03",
            ["Outbox__MaxBackoff"] = "00:00:01",
            ["Outbox__RelayAfter"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Metrics__ScrapeToken"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)),
            ["DOTNET_gcServer"] = "0",
            // A scenario's steady stream from two users is a load test, not a person: the limits are AbuseSpecs' subject.
            ["RateLimits__PerUser__PermitLimit"] = "1000000",
            ["RateLimits__PerUser__PermitsPerPeriod"] = "1000000",
        };
        foreach (var (key, value) in TestAuditKeys.Environment)
        {
            _environment[key] = value;
        }

        var users = new UserDirectory(_db.Database, TimeProvider.System);
        foreach (var user in new[] { "agent1", "um.handler" })
        {
            _tokens[user] = await users.IssueTokenAsync(user, "faults", null, CancellationToken.None);
        }

        var starting = new List<Task<HostProcess>>();
        for (var i = 0; i < 2; i++)
        {
            starting.Add(HostProcess.StartAsync("Dispatch.Api", $"api-{i + 1}", _environment));
        }

        for (var i = 0; i < 3; i++)
        {
            starting.Add(HostProcess.StartAsync("Dispatch.Workers", $"worker-{i + 1}", _environment));
        }

        var started = await Task.WhenAll(starting);
        _apis.AddRange(started.Take(2));
        _workers.AddRange(started.Skip(2));
    }

    [OneTimeTearDown]
    public async Task StopTheSystem()
    {
        foreach (var host in _apis.Concat(_workers))
        {
            await host.DisposeAsync();
        }

        await Broker.DeleteVirtualHostAsync(_vhost);
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

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
            await File.WriteAllTextAsync(Path.Combine(root.FullName, ".dispatch-local", "fault-figures.md"),
                $"Fault scenarios, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n{table}\n");
        }
    }

    [Test, Order(1)]
    public async Task Workers_killed_mid_batch_and_restarted_lose_nothing_and_do_nothing_twice()
    {
        var faults = new List<string>();
        int? gracefulExit = null;
        // The faults follow the stream, not the clock: a round each time another 150 cases have been accepted.
        using var progress = new SemaphoreSlim(0);
        var chaos = Task.Run(async () =>
        {
            // Five rounds while the stream runs: four SIGKILLs and one SIGTERM, each followed by a restart.
            for (var round = 0; round < 5; round++)
            {
                await progress.WaitAsync();
                var victim = _workers[round % _workers.Count];
                if (round == 3)
                {
                    await victim.StopAsync();
                    gracefulExit = victim.ExitCode;
                    faults.Add("SIGTERM");
                }
                else
                {
                    victim.Kill();
                    faults.Add("SIGKILL");
                }

                await victim.StartAsync();
            }
        });

        var run = await FileAsync(300, concurrency: 4, onAccepted: n =>
        {
            if (n % 150 == 0)
            {
                progress.Release();
            }
        }, more: () => !chaos.IsCompleted);
        await chaos;
        await UntilAllDispatchedAsync(run.Numbers);
        var handled = await HandleEveryThirdAsync(run.Numbers);

        await AssertInvariantsAsync($"workers killed (kill -9) and restarted while {run.Numbers.Count} cases are filed; {handled} then signed and replied",
            run, $"{faults.Count(f => f == "SIGKILL")} × SIGKILL, {faults.Count(f => f == "SIGTERM")} × SIGTERM of a worker");
        Assert.Multiple(() =>
        {
            Assert.That(faults, Has.Count.EqualTo(5), "the stream lasted through every fault");
            Assert.That(gracefulExit, Is.Zero, "on SIGTERM a worker finishes what it holds and exits cleanly");
        });
    }

    [Test, Order(2)]
    public async Task RabbitMQ_stopped_and_started_mid_stream_delays_dispatch_and_loses_nothing()
    {
        Task? broker = null;
        var run = await FileAsync(150, concurrency: 3, onAccepted: n =>
        {
            if (n == 50)
            {
                broker = Task.Run(async () =>
                {
                    await Broker.StopAsync();
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    await Broker.StartAsync();
                });
            }
        }, more: () => broker is not { IsCompleted: true });
        await broker!;
        await UntilAllDispatchedAsync(run.Numbers, TimeSpan.FromSeconds(120));

        await AssertInvariantsAsync($"RabbitMQ stopped for 3 s and started while {run.Numbers.Count} cases are filed", run, "RabbitMQ stop_app / start_app");
    }

    [Test, Order(3)]
    public async Task PostgreSQL_stopped_and_started_mid_stream_answers_503_and_loses_nothing()
    {
        Task? database = null;
        var run = await FileAsync(150, concurrency: 3, onAccepted: n =>
        {
            if (n == 50)
            {
                database = Task.Run(async () =>
                {
                    await Postgres.StopAsync();
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    await Postgres.StartAsync();
                });
            }
        }, more: () => database is not { IsCompleted: true });
        await database!;
        await UntilAllDispatchedAsync(run.Numbers, TimeSpan.FromSeconds(120));

        await AssertInvariantsAsync($"PostgreSQL stopped for 3 s and started while {run.Numbers.Count} cases are filed", run, "pg_ctlcluster stop -m fast / start");
        Assert.That(run.Unavailable, Is.GreaterThan(0), "requests made while the database was down were answered 503 (and retried)");
    }

    [Test, Order(4)]
    public async Task A_poison_message_goes_to_the_error_queue_after_bounded_retries_while_the_rest_flows_and_replays_once_fixed()
    {
        // A CaseFiled for a case that is not there (as if it arrived before a restore caught up): it cannot be routed.
        var missing = Guid.NewGuid();
        var number = "999999999999";
        await using (var connection = await _db.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("""
                insert into outbox (message_id, message_type, payload, case_id, created_at, attempts) values (@MessageId, @Type, @Payload, null, now(), 0)
                """, new
            {
                MessageId = Guid.NewGuid(), Type = MessageTypes.NameOf(typeof(CaseFiled)),
                Payload = JsonSerializer.Serialize(new CaseFiled(missing, number, "complaint", "010201", "normal", DateTimeOffset.UtcNow), JsonSerializerOptions.Web),
            });
        }

        var run = await FileAsync(40, concurrency: 2);
        await UntilAllDispatchedAsync(run.Numbers);
        await Poller.UntilAsync(() => ErrorQueueDepthAsync(), depth => depth == 1, "the poison message in the error queue", TimeSpan.FromSeconds(90));
        var listed = await WorkersCommandAsync("errors", "list", Queue);

        // The cause is fixed (the case arrives), and the message is replayed: it is routed once.
        await InsertFiledCaseAsync(missing, number);
        var replayed = await WorkersCommandAsync("errors", "replay", Queue);
        _accepted[number] = new Expected("dispatched", "UM");
        await Poller.UntilAsync(() => StatusAsync(number), s => s == "dispatched", "the replayed case to be dispatched", TimeSpan.FromSeconds(60));
        // Delivery is at least once: a relay that timed out waiting for a confirm publishes again, and a second copy of the
        // poison may reach the error queue late. Replaying it is harmless (the inbox knows its id); the queue ends empty.
        var copies = 1;
        await Poller.UntilAsync(async () =>
        {
            var depth = await ErrorQueueDepthAsync();
            if (depth > 0)
            {
                copies += int.Parse((await WorkersCommandAsync("errors", "replay", Queue)).Split(' ')[0], CultureInfo.InvariantCulture);
            }

            return depth;
        }, depth => depth == 0, "the error queue to be empty", TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(listed, Does.Contain("1 message(s) in route-filed-case_error").And.Contain("does not exist"));
            Assert.That(replayed, Does.Contain("1 message(s) moved"));
        });
        await AssertInvariantsAsync($"a poison message (a CaseFiled whose case is missing) among {run.Numbers.Count} cases; then fixed and replayed", run,
            $"1 poison message: 6 tries, then the error queue ({copies} cop{(copies == 1 ? "y" : "ies")}); replayed with `errors replay`");
        Assert.That(await _db.ScalarAsync<long>("select count(*) from case_audit a join cases c on c.id = a.case_id where c.number = @number and a.action = 'dispatch'",
            new { number }), Is.EqualTo(1), "dispatched once, however many copies were replayed");
    }

    /// <summary>
    /// Files cases through both APIs (<see cref="RetryingFiler"/>), about 20 a second per filer, a try again 200 ms after a 503 or a
    /// refused connection; each accepted case is expected dispatched.
    /// </summary>
    private Task<RetryingFiler.Run> FileAsync(int count, int concurrency, Action<int>? onAccepted = null, Func<bool>? more = null) =>
        new RetryingFiler([.. _apis.Select(a => a.BaseAddress)], _tokens["agent1"], "故障演练", Pause: TimeSpan.FromMilliseconds(50),
                RetryPause: _ => TimeSpan.FromMilliseconds(200), GiveUpAfter: TimeSpan.FromSeconds(90))
            .FileAsync(count, concurrency, (number, n) =>
            {
                _accepted[number] = new Expected("dispatched", "UM");
                onAccepted?.Invoke(n);
            }, more);

    private async Task<int> HandleEveryThirdAsync(List<string> numbers)
    {
        var chosen = numbers.Where((_, i) => i % 3 == 0).ToList();
        var clients = _apis.Select(a => new HttpClient { BaseAddress = a.BaseAddress }).ToList();
        foreach (var client in clients)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", _tokens["um.handler"]);
        }

        await Parallel.ForEachAsync(chosen.Select((number, i) => (number, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
        {
            var client = clients[c.i % clients.Count];
            await client.ActAsync(c.number, "sign");
            await client.ActAsync(c.number, "reply", new TextRequest("已处理"));
            _accepted[c.number] = new Expected("resolved", "UM");
        });
        foreach (var client in clients)
        {
            client.Dispose();
        }

        return chosen.Count;
    }

    private Task<long> UntilAllDispatchedAsync(List<string> numbers, TimeSpan? timeout = null) =>
        Poller.UntilAsync(() => _db.ScalarAsync<long>("select count(*) from cases where number = any(@Numbers) and status = 'filed'",
                new { Numbers = numbers.ToArray() }),
            waiting => waiting == 0, $"all {numbers.Count} cases to be dispatched", timeout ?? TimeSpan.FromSeconds(90));

    private async Task<long> ErrorQueueDepthAsync() =>
        (await Broker.QueueDepthsAsync(_vhost)).Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Value);

    private Task<string> StatusAsync(string number) =>
        _db.ScalarAsync<string>("select coalesce((select status from cases where number = @number), 'missing')", new { number });

    private async Task AssertInvariantsAsync(string scenario, RetryingFiler.Run run, string faults)
    {
        await Poller.UntilAsync(() => _db.ScalarAsync<long>("select count(*) from outbox where sent_at is null"), n => n == 0, "the outbox to drain");
        var problems = await InvariantChecker.CheckAsync(_db, _accepted);
        var errorMessages = await ErrorQueueDepthAsync();
        var lost = problems.Count(p => p.Contains("does not exist", StringComparison.Ordinal));
        var twice = problems.Count(p => p.Contains("times", StringComparison.Ordinal));
        Figures.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {run.Numbers.Count} | {faults} | {run.Unavailable} | {run.ServerErrors} | {lost} | {twice} | {errorMessages} |"));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty, string.Join('\n', _workers.Select(w => $"--- worker output:\n{w.Output}")));
            Assert.That(run.ServerErrors, Is.Zero, "no answer but 201 and 503");
            Assert.That(run.Numbers.Distinct().Count(), Is.EqualTo(run.Numbers.Count), "each case answered 201 once");
            Assert.That(errorMessages, Is.Zero, $"no message left in an error queue: {string.Join(", ", Broker.QueueDepthsAsync(_vhost).Result.Select(q => $"{q.Key}={q.Value}"))}");
        });
    }

    /// <summary>Runs <c>dotnet Dispatch.Workers.dll …</c> (an operator's command) against this scenario's broker.</summary>
    private async Task<string> WorkersCommandAsync(params string[] arguments)
    {
        var dll = HostProcess.BuildOutput("Dispatch.Workers");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in _environment)
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

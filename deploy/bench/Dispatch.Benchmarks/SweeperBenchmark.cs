using System.Diagnostics;
using System.Globalization;
using Dapper;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dispatch.Benchmarks;

/// <summary>
/// The deadline sweeper at scale, on PostgreSQL: a database holding N open cases (each a running reply clock with its
/// next alarm pending, the 50 % warning), then
///   burst  — after an untimed warm-up burst of M/4, M warnings fall due at once; K sweepers fire them (each firing plans and writes
///            the clock's next alarm): firings per second, against a raw baseline that only claims and marks alarms and writes a
///            next row in plain SQL (no audit, no outbox, no lifecycle, no planning) on another M;
///   steady — R warnings per second fall due for S seconds while one sweeper runs its normal loop:
///            how late each fired after its due time (p50, p99, max).
/// </summary>
public static class SweeperBenchmark
{
    public sealed record Result(int OpenCases, double SetupSeconds, int Burst, double FiringsPerSecond, double RawPerSecond, int Steady,
        double LatenessP50Ms, double LatenessP99Ms, double LatenessMaxMs);

    public static async Task<Result> RunAsync(string adminConnectionString, int openCases, int burst, int steadyRate, int steadySeconds, int sweepers)
    {
        await using var bench = await BenchDatabase.CreateAsync(adminConnectionString, $"{openCases}", 50);
        var (connectionString, database) = (bench.ConnectionString, bench.Database);

        var setup = Stopwatch.StartNew();
        await GenerateAsync(connectionString, openCases);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var options = Options.Create(new DeadlineOptions { SweepBatchSize = 500, SweepInterval = TimeSpan.FromMilliseconds(100) });
        var rules = new DeadlineRulesStore(database, TimeProvider.System, options);
        async Task<int> SweepAllAsync() => (await Task.WhenAll(Enumerable.Range(0, sweepers).Select(async _ =>
        {
            var sweeper = new DeadlineSweeper(database, rules, TimeProvider.System, BenchDatabase.Keys, options, NullLogger<DeadlineSweeper>.Instance);
            var total = 0;
            for (int n; (n = await sweeper.SweepOnceAsync(CancellationToken.None)) > 0;)
            {
                total += n;
            }

            return total;
        }))).Sum();

        // Warm up (JIT, pools, prepared statements), untimed: the warnings of a quarter burst's cases. Each phase takes the next cases.
        var warmUp = Math.Max(1, burst / 4);
        await DueNowAsync(connectionString, 1, warmUp);
        await SweepAllAsync();

        // Burst through the real sweeper.
        await DueNowAsync(connectionString, warmUp + 1, warmUp + burst);
        var clock = Stopwatch.StartNew();
        var fired = await SweepAllAsync();
        var firingsPerSecond = fired / clock.Elapsed.TotalSeconds;

        // The raw limit: claim, mark and write a next row for another burst in plain SQL, no case, audit or outbox work.
        await DueNowAsync(connectionString, warmUp + burst + 1, warmUp + 2 * burst);
        clock.Restart();
        var raw = await Task.WhenAll(Enumerable.Range(0, sweepers).Select(_ => RawSweepAsync(connectionString)));
        var rawPerSecond = raw.Sum() / clock.Elapsed.TotalSeconds;

        // Steady: steadyRate warnings per second fall due while one sweeper runs its loop.
        var steady = steadyRate * steadySeconds;
        var start = DateTimeOffset.UtcNow.AddSeconds(2);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.ExecuteAsync("""
                update case_alarms a set due_at = @Start + (x.n - 1) * (interval '1 second' / @Rate)
                from (select c.id, row_number() over (order by c.number) as n from cases c where c.number like 'BENCH%'
                      and substring(c.number from 6)::int between @From and @To) x
                where a.case_id = x.id and a.kind = 'warning' and a.threshold = 50
                """, new { Start = start, Rate = (double)steadyRate, From = warmUp + 2 * burst + 1, To = warmUp + 2 * burst + steady }, commandTimeout: 600);
        }

        using var stop = new CancellationTokenSource();
        var loop = new DeadlineSweeper(database, rules, TimeProvider.System, BenchDatabase.Keys, options, NullLogger<DeadlineSweeper>.Instance);
        await loop.StartAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(steadySeconds + 4));
        await loop.StopAsync(CancellationToken.None);
        double[] lateness;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            lateness = [.. (await connection.QueryAsync<double>("""
                select extract(epoch from (fired_at - due_at)) * 1000 from case_alarms
                where kind = 'warning' and threshold = 50 and due_at >= @Start and fired_at is not null order by 1
                """, new { Start = start }))];
        }

        if (lateness.Length < steady)
        {
            throw new InvalidOperationException($"Only {lateness.Length} of {steady} steady alarms fired.");
        }

        return new Result(openCases, setupSeconds, fired, firingsPerSecond, rawPerSecond, steady,
            Percentile(lateness, 0.50), Percentile(lateness, 0.99), lateness[^1]);
    }

    private static async Task GenerateAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const int Chunk = 100_000;
        for (var from = 1; from <= count; from += Chunk)
        {
            var to = Math.Min(count, from + Chunk - 1);
            await connection.ExecuteAsync("""
                insert into cases (id, number, status, version, request_type, category_code, channel, urgency, caller_confidential,
                                   district_code, title, content, lead_department_code, filed_by, filed_at, dispatched_at, updated_at, next_due_at)
                select gen_random_uuid(), 'BENCH' || lpad(i::text, 8, '0'), 'dispatched', 2, 'complaint', '010201', 'phone', 'normal', false,
                       'DM', '夜间施工噪声', '基准测试', 'UM', 'bench', now(), now(), now(), now() + interval '30 days'
                from generate_series(@From, @To) i;
                insert into case_clocks (case_id, kind, generation, state, started_at, due_at, limit_amount, limit_unit, policy_id, policy_version,
                                         calendar_code, calendar_version)
                select id, 'reply', 1, 'running', now(), now() + interval '30 days', 5, 'working-days', 5, 1, 'CENTER', 1
                from cases where number between 'BENCH' || lpad(@From::text, 8, '0') and 'BENCH' || lpad(@To::text, 8, '0');
                insert into case_alarms (case_id, clock_kind, generation, kind, threshold, due_at)
                select c.id, 'reply', 1, 'warning', 50, now() + interval '30 days'
                from cases c
                where c.number between 'BENCH' || lpad(@From::text, 8, '0') and 'BENCH' || lpad(@To::text, 8, '0');
                """, new { From = from, To = to }, commandTimeout: 600);
        }

        await connection.ExecuteAsync("analyze cases, case_clocks, case_alarms", commandTimeout: 600);
    }

    /// <summary>The 50 % warnings of cases [from, to] fall due.</summary>
    private static async Task DueNowAsync(string connectionString, int from, int to)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            update case_alarms set due_at = now() - interval '1 second'
            where kind = 'warning' and threshold = 50 and case_id in (
                select id from cases where number between 'BENCH' || lpad(@From::text, 8, '0') and 'BENCH' || lpad(@To::text, 8, '0'))
            """, new { From = from, To = to }, commandTimeout: 600);
    }

    private static async Task<int> RawSweepAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var total = 0;
        for (int n; (n = await connection.ExecuteAsync("""
                 with due as (select id from case_alarms where fired_at is null and due_at <= now() order by due_at limit 500 for update skip locked),
                      fired as (update case_alarms a set fired_at = now() from due where a.id = due.id returning a.case_id, a.clock_kind, a.generation)
                 insert into case_alarms (case_id, clock_kind, generation, kind, threshold, due_at)
                 select case_id, clock_kind, generation, 'warning', 80, now() + interval '20 days' from fired
                 """)) > 0;)
        {
            total += n;
        }

        return total;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public static string Format(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using Dapper;
using Dispatch.Api.Exports;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Reports;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dispatch.Benchmarks;

/// <summary>
/// Supervisors' reports over a year of N cases (filed evenly through 2025 across the demo district's departments,
/// streets, leaf categories, types and channels, in every state, with return visits for the closed ones):
///   kpi     — the monthly KPI report by department through <see cref="ReportStore"/> (median of 5 after a warm-up),
///             against a raw baseline that only counts the month's cases by department in one plain query;
///   2-level — the same month by department × category;
///   year    — the KPI report over the whole year (every case);
///   export  — the case list of the year as CSV, streamed to nowhere: rows per second and the largest managed heap
///             seen while it ran, against a raw baseline that reads the same rows with a plain NpgsqlDataReader.
/// </summary>
public static class ReportBenchmark
{
    public sealed record Result(int Cases, double SetupSeconds, double MonthlyMs, double RawMonthlyMs, double TwoLevelMs, double YearMs,
        long ExportRows, double ExportRowsPerSecond, double RawRowsPerSecond, double ExportPeakHeapMb, double HeapBeforeMb);

    public static async Task<Result> RunAsync(string adminConnectionString, int cases, int exportRows)
    {
        await using var bench = await BenchDatabase.CreateAsync(adminConnectionString, $"rpt_{cases}", 20);
        var (connectionString, database) = (bench.ConnectionString, bench.Database);
        var setup = Stopwatch.StartNew();
        await GenerateAsync(connectionString, cases);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        using var catalogues = new CatalogueStore(database, TimeProvider.System, Options.Create(new CatalogueOptions()));
        using var deadlines = new DeadlineRulesStore(database, TimeProvider.System, Options.Create(new DeadlineOptions()));
        var reports = new ReportStore(database, catalogues, deadlines, TimeProvider.System, Options.Create(new ReportOptions()));
        var october = ReportPeriod.Month(2025, 10, zone);
        var year = ReportPeriod.Of(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), zone);

        var monthly = await MedianMsAsync(() => reports.KpiAsync(october, [ReportDimensions.Department], 1, ReportScope.Whole, CancellationToken.None));
        var raw = await MedianMsAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            return await connection.QueryAsync<(string, long)>(
                "select lead_department_code, count(*) from cases where filed_at >= @Start and filed_at < @End group by lead_department_code",
                new { october.Start, october.End });
        });
        var twoLevel = await MedianMsAsync(() => reports.KpiAsync(october, [ReportDimensions.Department, ReportDimensions.Category], 2, ReportScope.Whole,
            CancellationToken.None));
        var wholeYear = await MedianMsAsync(() => reports.KpiAsync(year, [ReportDimensions.Department], 1, ReportScope.Whole, CancellationToken.None), runs: 3);

        // Export: the first exportRows cases of the year (by filing time), as CSV to a stream that discards them.
        var exportEnd = await ExportEndAsync(connectionString, exportRows);
        var exportPeriod = ReportPeriod.Of(new DateOnly(2025, 1, 1), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(exportEnd, zone).DateTime), zone);
        GC.Collect();
        var heapBefore = GC.GetGCMemoryInfo().HeapSizeBytes;
        var peak = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var counting = new CountingStream();
        var clock = Stopwatch.StartNew();
        await TableExport.WriteCsvAsync(counting, Columns, reports.CaseListAsync(exportPeriod, null, ReportScope.Whole, CancellationToken.None), zone,
            CancellationToken.None);
        var exportSeconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var exported = counting.Lines - 1;

        clock.Restart();
        long rawRows = 0;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select number, filed_at, status, category_code, lead_department_code, title from cases where filed_at >= @s and filed_at < @e order by filed_at, id",
                connection);
            command.Parameters.AddWithValue("s", exportPeriod.Start);
            command.Parameters.AddWithValue("e", exportPeriod.End);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _ = reader.GetString(0);
                _ = reader.GetDateTime(1);
                rawRows++;
            }
        }

        var rawSeconds = clock.Elapsed.TotalSeconds;
        return new Result(cases, setupSeconds, monthly, raw, twoLevel, wholeYear, exported, exported / exportSeconds, rawRows / rawSeconds,
            peak / 1048576.0, heapBefore / 1048576.0);
    }

    private static readonly IReadOnlyList<Column<CaseListRow>> Columns =
    [
        new("number", r => r.Number), new("filedAt", r => r.FiledAt), new("status", r => r.Status), new("requestType", r => r.RequestType),
        new("category", r => r.CategoryCode), new("channel", r => r.Channel), new("street", r => r.StreetCode), new("department", r => r.DepartmentCode),
        new("title", r => r.Title), new("signedAt", r => r.SignedAt), new("repliedAt", r => r.RepliedAt), new("closedAt", r => r.ClosedAt),
        new("returns", r => r.Returns),
    ];

    private static async Task<double> MedianMsAsync<T>(Func<Task<T>> run, int runs = 5)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static async Task<DateTimeOffset> ExportEndAsync(string connectionString, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<DateTime>(
            "select max(filed_at) from (select filed_at from cases order by filed_at limit @Rows) x", new { Rows = rows });
    }

    internal static async Task GenerateAsync(string connectionString, int count)
    {
        var seed = DemoSeed.Load();
        var departments = seed.Departments.Where(d => d.Kind == "department").Select(d => d.Code).ToArray();
        var streets = seed.Areas.Where(a => a.Level == AreaLevels.Street).Select(a => a.Code).ToArray();
        var categories = seed.Categories.Where(c => c.Level == 3).Select(c => c.Code).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const int Chunk = 100_000;
        for (var from = 1; from <= count; from += Chunk)
        {
            var to = Math.Min(count, from + Chunk - 1);
            await connection.ExecuteAsync("""
                insert into cases (id, number, status, version, request_type, category_code, channel, urgency, caller_confidential,
                                   district_code, street_code, title, content, lead_department_code, filed_by, filed_at, dispatched_at, signed_at,
                                   resolved_at, closed_at, close_outcome, updated_at, signoff_overdue_at, reply_overdue_at, next_due_at,
                                   return_count, redispatch_count, redo_count, extension_requests, extension_approvals, signoff_seconds, reply_seconds)
                select gen_random_uuid(), 'RPT' || lpad(g.i::text, 9, '0'), s.status, 5,
                       (array['complaint','help','consultation','report','suggestion'])[1 + floor(g.r4 * 5)::int],
                       (@Categories::text[])[1 + floor(g.r5 * cardinality(@Categories::text[]))::int],
                       (array['phone','web','wechat','app'])[1 + floor(g.r6 * 4)::int], 'normal', false,
                       'DM', (@Streets::text[])[1 + floor(g.r6 * cardinality(@Streets::text[]))::int], '基准测试', '基准测试',
                       case when s.status <> 'filed' then (@Departments::text[])[1 + floor(g.r5 * cardinality(@Departments::text[]))::int] end,
                       'bench', g.filed,
                       case when s.status <> 'filed' then g.filed + interval '5 minutes' end,
                       case when s.status in ('signed', 'resolved', 'closed') then g.filed + interval '2 hours' end,
                       case when s.status in ('resolved', 'closed') then g.filed + interval '3 days' end,
                       case when s.status = 'closed' then g.filed + interval '4 days' end,
                       case when s.status = 'closed' then 'satisfied' end,
                       g.filed + interval '4 days',
                       case when g.r2 < 0.08 then g.filed + interval '1 day' end,
                       case when g.r3 < 0.12 then g.filed + interval '6 days' end,
                       case when s.status in ('dispatched', 'signed') then g.filed + interval '7 days' end,
                       case when g.r2 > 0.95 then 1 else 0 end, case when g.r2 > 0.97 then 1 else 0 end, case when g.r3 > 0.96 then 1 else 0 end,
                       case when g.r4 > 0.9 then 1 else 0 end, case when g.r4 > 0.93 then 1 else 0 end,
                       case when s.status in ('signed', 'resolved', 'closed') then floor(600 + g.r3 * 28000)::bigint end,
                       case when s.status in ('resolved', 'closed') then floor(3600 + g.r2 * 144000)::bigint end
                from (select i, timestamptz '2024-12-31 16:00:00+00' + random() * interval '365 days' as filed,
                             random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6
                      from generate_series(@From, @To) i) g
                cross join lateral (select case when g.r1 < 0.03 then 'filed' when g.r1 < 0.10 then 'dispatched' when g.r1 < 0.18 then 'signed'
                                                when g.r1 < 0.25 then 'resolved' else 'closed' end as status) s;
                insert into case_visits (case_id, attempt, reached, resolved, satisfaction, department, visited_by, visited_at)
                select id, 1, true, random() < 0.9, (array['satisfied','basically-satisfied','dissatisfied'])[1 + floor(random() * 3)::int],
                       lead_department_code, 'bench', closed_at
                from cases where status = 'closed' and number between 'RPT' || lpad(@From::text, 9, '0') and 'RPT' || lpad(@To::text, 9, '0');
                """, new { From = from, To = to, Departments = departments, Streets = streets, Categories = categories }, commandTimeout: 600);
        }

        await connection.ExecuteAsync("vacuum analyze cases", commandTimeout: 600);
        await connection.ExecuteAsync("vacuum analyze case_visits", commandTimeout: 600);
    }

    /// <summary>A stream that keeps nothing and counts the lines written to it.</summary>
    private sealed class CountingStream : Stream
    {
        public long Lines { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => Lines += buffer.Count((byte)'\n');
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}

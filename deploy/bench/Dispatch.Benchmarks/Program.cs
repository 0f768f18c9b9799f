using System.Globalization;
using Dispatch.Benchmarks;

// deploy/bench/run sets DISPATCH_BENCH_POSTGRES and passes --full (or not), and optionally which benchmarks: sweeper, reports.
var quick = !args.Contains("--full");
var only = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet();
bool Runs(string name) => only.Count == 0 || only.Contains(name);
var admin = Environment.GetEnvironmentVariable("DISPATCH_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("DISPATCH_BENCH_POSTGRES is not set; run deploy/bench/run.");
string F(double value) => SweeperBenchmark.Format(value);

Console.WriteLine($"Dispatch benchmarks ({(quick ? "quick" : "full")}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, PostgreSQL");

if (Runs("sweeper"))
{
    int[] sizes = quick ? [10_000, 100_000] : [100_000, 1_000_000];
    var (burst, rate, seconds) = quick ? (2_000, 100, 10) : (20_000, 100, 30);
    Console.WriteLine();
    Console.WriteLine("Deadline sweeper");
    Console.WriteLine();
    Console.WriteLine("| open cases | setup s | burst | sweeper firings/s (2 sweepers) | raw claim+mark/s | ratio | steady 100/s: n | lateness p50 ms | p99 ms | max ms |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var size in sizes)
    {
        var r = await SweeperBenchmark.RunAsync(admin, size, burst, rate, seconds, sweepers: 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {F(r.OpenCases)} | {r.SetupSeconds:0.0} | {F(r.Burst)} | {F(r.FiringsPerSecond)} | {F(r.RawPerSecond)} | {r.FiringsPerSecond / r.RawPerSecond:0.00} | {F(r.Steady)} | {r.LatenessP50Ms:0} | {r.LatenessP99Ms:0} | {r.LatenessMaxMs:0} |"));
    }
}

if (Runs("reports"))
{
    int[] sizes = quick ? [100_000] : [10_000, 100_000, 1_000_000];
    Console.WriteLine();
    Console.WriteLine("Reports (a year of cases; the month is October 2025)");
    Console.WriteLine();
    Console.WriteLine("| cases | setup s | monthly KPI ms | raw count ms | 2-level ms | whole year ms | CSV rows | CSV rows/s | raw read rows/s | ratio | heap before MB | peak heap during export MB |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var size in sizes)
    {
        var r = await ReportBenchmark.RunAsync(admin, size, exportRows: Math.Min(size, 100_000));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {F(r.Cases)} | {r.SetupSeconds:0.0} | {r.MonthlyMs:0} | {r.RawMonthlyMs:0} | {r.TwoLevelMs:0} | {r.YearMs:0} | {F(r.ExportRows)} | {F(r.ExportRowsPerSecond)} | {F(r.RawRowsPerSecond)} | {r.ExportRowsPerSecond / r.RawRowsPerSecond:0.00} | {r.HeapBeforeMb:0} | {r.ExportPeakHeapMb:0} |"));
    }
}

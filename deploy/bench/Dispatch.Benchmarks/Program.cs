using System.Globalization;
using Dispatch.Benchmarks;

// deploy/bench/run sets DISPATCH_BENCH_POSTGRES and passes --quick or --full.
var quick = !args.Contains("--full");
var admin = Environment.GetEnvironmentVariable("DISPATCH_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("DISPATCH_BENCH_POSTGRES is not set; run deploy/bench/run.");
int[] sizes = quick ? [10_000, 100_000] : [100_000, 1_000_000];
var (burst, rate, seconds) = quick ? (2_000, 100, 10) : (20_000, 100, 30);

Console.WriteLine($"Deadline sweeper benchmark ({(quick ? "quick" : "full")}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, PostgreSQL");
Console.WriteLine();
Console.WriteLine("| open cases | setup s | burst | sweeper firings/s (2 sweepers) | raw claim+mark/s | ratio | steady 100/s: n | lateness p50 ms | p99 ms | max ms |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var size in sizes)
{
    var r = await SweeperBenchmark.RunAsync(admin, size, burst, rate, seconds, sweepers: 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {SweeperBenchmark.Format(r.OpenCases)} | {r.SetupSeconds:0.0} | {SweeperBenchmark.Format(r.Burst)} | {SweeperBenchmark.Format(r.FiringsPerSecond)} | {SweeperBenchmark.Format(r.RawPerSecond)} | {r.FiringsPerSecond / r.RawPerSecond:0.00} | {SweeperBenchmark.Format(r.Steady)} | {r.LatenessP50Ms:0} | {r.LatenessP99Ms:0} | {r.LatenessMaxMs:0} |"));
}

using System.Globalization;
using Dispatch.Benchmarks;

// deploy/bench/run sets DISPATCH_BENCH_POSTGRES and passes --full (or not), and optionally which benchmarks: sweeper, reports, similar, knowledge.
var quick = !args.Contains("--full");
var only = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet();
// Options for profiling, each --name=N: the whole number given (at least minimum), or null when the option is absent.
int? Whole(string option, int minimum)
{
    var given = args.FirstOrDefault(a => a.StartsWith(option + "=", StringComparison.Ordinal))?[(option.Length + 1)..];
    return given is null ? null
        : int.TryParse(given, CultureInfo.InvariantCulture, out var value) && value >= minimum ? value
        : throw new ArgumentException($"{option} takes a whole number of at least {minimum}, not '{given}'.");
}

// --window=SECONDS and --warmup=SECONDS override how long each saturation run files cases and warms up before it.
TimeSpan Seconds(string option, int quickDefault, int fullDefault) => TimeSpan.FromSeconds(Whole(option, 1) ?? (quick ? quickDefault : fullDefault));

// The soak takes ten minutes: it runs only when named (deploy/bench/run soak).
bool Runs(string name) => (only.Count == 0 && name != "soak") || only.Contains(name);
var admin = Environment.GetEnvironmentVariable("DISPATCH_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("DISPATCH_BENCH_POSTGRES is not set; run deploy/bench/run.");
string F(double value) => SweeperBenchmark.Format(value);

Console.WriteLine($"Dispatch benchmarks ({(quick ? "quick" : "full")}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, PostgreSQL");
if (BenchHost.Configuration != "Release")
{
    // deploy/bench/run --debug: the run proves the benchmarks work; unoptimised code's figures say nothing about the product.
    Console.WriteLine($"The {BenchHost.Configuration} build: these figures are not the product's (deploy/bench/run without --debug measures Release).");
}

// --tracing (intake): instead of the usual runs, what tracing costs per case, off, sampled and on, in one run (docs/telemetry.md).
var tracing = args.Contains("--tracing");
if (Runs("intake") && tracing)
{
    var servers = new BenchServers(admin, Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_HOST") ?? "127.0.0.1",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_VHOST") ?? "dispatch-bench",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_USER") ?? "dispatch",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_PASSWORD") ?? throw new InvalidOperationException("DISPATCH_BENCH_RABBITMQ_PASSWORD is not set; run deploy/bench/run."));
    var (warmUp, window, preload) = (Seconds("--warmup", 3, 90), Seconds("--window", 5, 30), Whole("--preload", 0) ?? 10_000);
    Console.WriteLine();
    Console.WriteLine($"What tracing costs (one Api and one Workers process, {F(preload)} cases already in the database, 32 clients; each run warms up for {warmUp.TotalSeconds} s untimed, then files for {window.TotalSeconds} s; exported over OTLP/HTTP to a sink in the benchmark's process; ms of CPU per case)");
    Console.WriteLine();
    Console.WriteLine($"| tracing | cases filed | intake→dispatched cases/s | {CpuMeter.Api} | {CpuMeter.Workers} | {CpuMeter.PostgreSql} | {CpuMeter.RabbitMq} | {CpuMeter.Bench} (with the sink) | total | exports received | KB exported per case |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var t in await IntakeBenchmark.TracingAsync(servers, preload, warmUp, window))
    {
        var s = t.Usage;
        var parts = new[] { CpuMeter.Api, CpuMeter.Workers, CpuMeter.PostgreSql, CpuMeter.RabbitMq, CpuMeter.Bench }.Select(p => s.CpuMsPerCase[p]).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {t.Mode} | {F(s.Cases)} | {F(s.PerSecond)} | {string.Join(" | ", parts.Select(p => p.ToString("0.00", CultureInfo.InvariantCulture)))} | {parts.Sum():0.00} | {F(t.Exports)} | {(s.Cases == 0 ? 0 : t.ExportedBytes / 1024.0 / s.Cases):0.00} |"));
    }
}

if (Runs("intake") && !tracing)
{
    var servers = new BenchServers(admin, Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_HOST") ?? "127.0.0.1",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_VHOST") ?? "dispatch-bench",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_USER") ?? "dispatch",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_PASSWORD") ?? throw new InvalidOperationException("DISPATCH_BENCH_RABBITMQ_PASSWORD is not set; run deploy/bench/run."));
    var window = Seconds("--window", 5, 30);
    var warmUp = Seconds("--warmup", 3, 90);
    // --preload=N runs 1 and then 2 workers with N cases already in the database, nothing else (for profiling growth).
    // --open-loop=SECONDS: how long the open loop runs (quick mode 5, full 60).
    var openLoop = Seconds("--open-loop", 5, 60);
    var runs = Whole("--preload", 0) is { } preload
        ? [(preload, [1, 2], null, false)]
        : quick
        ? new[] { (Preload: 10_000, Workers: new[] { 1, 2 }, OpenLoop: (TimeSpan?)openLoop, Raw: true) }
        : [(10_000, [1, 2], openLoop, true), (100_000, [2], null, false), (1_000_000, [2], null, false)];
    Console.WriteLine();
    Console.WriteLine($"Intake to dispatched (one Api process, Workers processes, 32 clients; each run warms up for {warmUp.TotalSeconds} s untimed, then files for {window.TotalSeconds} s; raw = the same durable work on Npgsql + RabbitMQ.Client, warmed up the same way)");
    Console.WriteLine();
    Console.WriteLine("| cases already in the database | workers | cases filed | intake→dispatched cases/s | raw pipeline cases/s | ratio | Api peak RSS MB | worker peak RSS MB |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
    var latencies = new List<IntakeBenchmark.OpenLoop>();
    var rawLatencies = new List<IntakeBenchmark.RawOpenLoop>();
    var rawBrackets = new List<string>();
    var cpu = new List<(string Run, IntakeBenchmark.Saturation Saturation)>();
    foreach (var run in runs)
    {
        var r = await IntakeBenchmark.RunAsync(servers, run.Preload, run.Workers, warmUp, window, run.OpenLoop, run.Raw);
        foreach (var s in r.Saturations)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {F(r.Preloaded)} | {s.Workers} | {F(s.Cases)} | {F(s.PerSecond)} | {(r.Raw is { } raw ? F(raw.PerSecond) : "")} | {(r.Raw is { } rr ? (s.PerSecond / rr.PerSecond).ToString("0.00", CultureInfo.InvariantCulture) : "")} | {r.ApiPeakRssMb:0} | {r.WorkerPeakRssMb:0} |"));
            cpu.Add(($"{F(r.Preloaded)} in the database, {s.Workers} worker{(s.Workers == 1 ? "" : "s")}", s));
        }

        if (r.Raw is { } rawRun)
        {
            cpu.Add(("raw pipeline", rawRun));
            rawBrackets.Add($"{F(r.Preloaded)} in the database: {F(r.RawBefore ?? 0)} cases/s before our runs, {F(r.RawAfter ?? 0)} after");
        }

        if (r.RawLatency is { } rl)
        {
            rawLatencies.Add(rl);
            cpu.Add(($"raw pipeline, open loop at {rl.Rate}/s", rl.Usage));
        }

        if (r.Latency is { } l)
        {
            latencies.Add(l);
            cpu.Add(($"open loop at {l.Rate}/s, {l.Usage.Workers} worker{(l.Usage.Workers == 1 ? "" : "s")}", l.Usage));
        }
    }

    foreach (var bracket in rawBrackets)
    {
        Console.WriteLine();
        Console.WriteLine($"The raw pipeline column is the mean of two raw runs, one before the services started and one after they stopped ({bracket}).");
    }

    Console.WriteLine();
    Console.WriteLine("Where the CPU goes: milliseconds of CPU per case by part, from the first filing until the last is dispatched (from /proc; cores busy = all parts' CPU over that time; WAL = what PostgreSQL wrote to its log)");
    Console.WriteLine();
    Console.WriteLine($"| run | cases/s | {CpuMeter.Bench} | {CpuMeter.Api} | {CpuMeter.Workers} | {CpuMeter.PostgreSql} | {CpuMeter.RabbitMq} | total | cores busy | WAL KB per case |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var (name, s) in cpu)
    {
        var parts = new[] { CpuMeter.Bench, CpuMeter.Api, CpuMeter.Workers, CpuMeter.PostgreSql, CpuMeter.RabbitMq }.Select(p => s.CpuMsPerCase[p]).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {F(s.PerSecond)} | {string.Join(" | ", parts.Select(p => p.ToString("0.00", CultureInfo.InvariantCulture)))} | {parts.Sum():0.00} | {parts.Sum() * s.Cases / 1000 / s.Seconds:0.0} | {s.WalBytesPerCase / 1024:0.0} |"));
    }

    if (latencies.Count > 0)
    {
        Console.WriteLine();
        Console.WriteLine("Open loop (cases filed on a fixed schedule, once autovacuum has finished what the saturation runs left it)");
        Console.WriteLine();
        Console.WriteLine("| rate/s | workers | cases | Api answer p50 ms | p99 ms | filed→dispatched p50 ms | p99 ms | errors | waited for autovacuum s | slowest answer ms (filed at s) | answers over 50 ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var l in latencies)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {l.Rate} | {l.Usage.Workers} | {F(l.Cases)} | {l.ApiP50Ms:0} | {l.ApiP99Ms:0} | {l.DispatchP50Ms:0} | {l.DispatchP99Ms:0} | {l.Errors} | {l.SettledSeconds:0} | {l.SlowestMs:0} ({l.SlowestAtSecond:0.0}) | {F(l.Over50Ms)} |"));
        }

        foreach (var rl in rawLatencies)
        {
            Console.WriteLine();
            Console.WriteLine("The raw pipeline at the same rate, its latency floor on this machine (its filing's commit stands for the Api's answer)");
            Console.WriteLine();
            Console.WriteLine("| rate/s | cases | filing committed p50 ms | p99 ms | filed→dispatched p50 ms | p99 ms |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rl.Rate} | {F(rl.Cases)} | {rl.FiledP50Ms:0} | {rl.FiledP99Ms:0} | {rl.DispatchP50Ms:0} | {rl.DispatchP99Ms:0} |"));
        }
    }
}

if (Runs("soak"))
{
    var servers = new BenchServers(admin, Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_HOST") ?? "127.0.0.1",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_VHOST") ?? "dispatch-bench",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_USER") ?? "dispatch",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_PASSWORD") ?? throw new InvalidOperationException("DISPATCH_BENCH_RABBITMQ_PASSWORD is not set; run deploy/bench/run."));
    Console.WriteLine();
    Console.WriteLine("Soak: 50 cases a second for 10 minutes (an Api and a worker); resident set at the end of each minute");
    Console.WriteLine();
    Console.WriteLine("| minute | cases filed | Api RSS MB | worker RSS MB |");
    Console.WriteLine("|---:|---:|---:|---:|");
    foreach (var (minute, apiRss, workerRss, filed) in await IntakeBenchmark.SoakAsync(servers, 50, TimeSpan.FromMinutes(10)))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {minute} | {F(filed)} | {apiRss:0} | {workerRss:0} |"));
    }
}

if (Runs("sweeper"))
{
    // --open-cases=N runs the sweeper at that one size only (for profiling).
    int[] sizes = Whole("--open-cases", 10_000) is { } openCases ? [openCases] : quick ? [10_000] : [100_000, 1_000_000];
    var (burst, rate, seconds) = quick ? (2_000, 100, 5) : (20_000, 100, 30);
    Console.WriteLine();
    Console.WriteLine("Deadline sweeper");
    Console.WriteLine();
    Console.WriteLine("| open cases | setup s | burst | sweeper firings/s (2 sweepers) | raw claim+mark+next/s | ratio | steady 100/s: n | lateness p50 ms | p99 ms | max ms |");
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
    int[] sizes = quick ? [10_000] : [10_000, 100_000, 1_000_000];
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

if (Runs("similar"))
{
    // Quick: 20,000 cases (about two weeks of the district); full: 1,000,000 (about two years). --tune also searches the weights.
    var size = quick ? 20_000 : 1_000_000;
    var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    var r = await SimilarCasesBenchmark.RunAsync(admin, size, lookups: quick ? 300 : 1_000, tune: args.Contains("--tune"));
    var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.WriteLine();
    Console.WriteLine($"Similar cases (repeat calls): {F(r.Cases)} cases of the demo district, {SimilarCaseBackground.PerDay:N0} a day; one lookup at a time, {F(r.Lookups)} timed after 100 untimed (load average {loadBefore} before, {loadAfter} after: other work on these 2 cores slows every lookup)");
    Console.WriteLine();
    Console.WriteLine("| cases | setup s | call p50 ms | p95 ms | p99 ms | raw candidate query p50 ms | p95 ms | p99 ms | filed case p50 ms | p95 ms | p99 ms | candidates read (mean / max) | listed (mean) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {F(r.Cases)} | {r.SetupSeconds:0.0} | {r.Call.P50Ms:0.0} | {r.Call.P95Ms:0.0} | {r.Call.P99Ms:0.0} | {r.Raw.P50Ms:0.0} | {r.Raw.P95Ms:0.0} | {r.Raw.P99Ms:0.0} | {r.ByCase.P50Ms:0.0} | {r.ByCase.P95Ms:0.0} | {r.ByCase.P99Ms:0.0} | {r.CandidatesMean:0} / {F(r.CandidatesMax)} | {r.ListedMean:0.0} |"));
    Console.WriteLine();
    if (r.Quality is not { } q)
    {
        Console.WriteLine($"Quality: no labelled pairs at {SimilarPairs.RelativePath}; nothing measured.");
    }
    else
    {
        Console.WriteLine($"Quality of the top 3 on the labelled pairs ({F(q.Pairs)} pairs, {q.Invalid} refused by intake validation; a pair is predicted a repeat when a is in b's top 3 at or above the threshold)");
        Console.WriteLine();
        Console.WriteLine("| pairs | duplicates | TP | FP | FN | TN | precision | recall |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, c) in new[] { ("all", q.All), ("held out (not tuned on)", q.HeldOut) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {c.TruePositives + c.FalseNegatives} | {c.TruePositives} | {c.FalsePositives} | {c.FalseNegatives} | {c.TrueNegatives} | {c.Precision:0.00} | {c.Recall:0.00} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Other cases listed beside a (background cases at or above the threshold): {q.BackgroundListed:0.00} per lookup on average."));
        Console.WriteLine();
        Console.WriteLine("| kind | pairs | a in b's top 3 |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (kind, pairs, predicted) in q.ByKind)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {pairs} | {predicted} |"));
        }

        if (q.Tuned.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Tuned on the pairs not held out (--tune): the best F1 among settings listing at most so many background cases per lookup");
            Console.WriteLine();
            Console.WriteLine("| at most listed | category | place | text | caller | time | text full at | half-life h | threshold | listed | precision | recall | held out precision | recall |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var t in q.Tuned)
            {
                var w = t.Weights;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {(double.IsNaN(t.Cap) ? "in use" : t.Cap.ToString("0.##", CultureInfo.InvariantCulture))} | {w.Category / w.Sum:0.00} | {w.Place / w.Sum:0.00} | {w.Text / w.Sum:0.00} | {w.Caller / w.Sum:0.00} | {w.Time / w.Sum:0.00} | {t.TextFullAt:0.00} | {t.HalfLifeHours:0} | {t.Threshold:0.00} | {t.BackgroundListed:0.00} | {t.Tuned.Precision:0.00} | {t.Tuned.Recall:0.00} | {t.HeldOut.Precision:0.00} | {t.HeldOut.Recall:0.00} |"));
            }
        }
    }
}

if (Runs("knowledge"))
{
    if (args.Contains("--misses"))
    {
        Console.WriteLine();
        Console.WriteLine("Knowledge search: the labelled queries missed");
    }

    var queries = KnowledgeBenchmark.Queries();
    Console.WriteLine();
    Console.WriteLine("Knowledge search");
    if (Dispatch.Workers.Knowledge.KnowledgeSeed.Load().Entries.Count == 0 || queries.Count == 0)
    {
        Console.WriteLine();
        Console.WriteLine("(skipped: deploy/seed/knowledge.json or deploy/bench/data/knowledge-queries.json is missing)");
    }
    else
    {
        var (loadMs, loadMb) = KnowledgeBenchmark.SegmenterCost();
        var schemes = Enum.GetValues<Dispatch.Workers.Knowledge.TermScheme>();
        var inUse = Dispatch.Workers.Knowledge.TermScheme.Hybrid;
        // --misses lists the labelled queries the search in use gets wrong (for tuning).
        var quality = await KnowledgeBenchmark.QualityAsync(admin, schemes, inUse, [0.3, 0.4, 0.5, 0.6, 0.7], args.Contains("--misses") ? Console.Out : null);
        var expected = queries.Count(q => q.Expected is not null);
        var none = queries.Count - expected;
        var defaultCoverage = new Dispatch.Workers.Knowledge.KnowledgeOptions().SearchMinCoverage;
        string Pct(int part, int whole) => whole == 0 ? "" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        Console.WriteLine();
        Console.WriteLine($"Quality: the demo knowledge base ({F(Dispatch.Workers.Knowledge.KnowledgeSeed.Load().Entries.Count)} entries) and {F(queries.Count)} labelled queries ({F(expected)} with the entry to find, {F(none)} with none), min coverage {defaultCoverage:0.0#}; jieba's dictionary loaded in {loadMs:0} ms, {loadMb:0} MB managed");
        Console.WriteLine();
        Console.WriteLine("| terms | postings per entry | top-1 | top-3 | no-answer queries answered with nothing |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var q in quality.Where(q => q.Scheme != inUse || Math.Abs(q.Coverage - defaultCoverage) < 1e-9))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {q.Scheme}{(q.Scheme == inUse ? " (in use)" : "")} | {q.PostingsPerEntry:0} | {Pct(q.Top1, q.Expected)} | {Pct(q.Top3, q.Expected)} | {Pct(q.NoneEmpty, q.None)} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"The threshold ({inUse}): the share of a query's IDF an entry must match to be answered");
        Console.WriteLine();
        Console.WriteLine("| min coverage | top-1 | top-3 | no-answer queries answered with nothing |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var q in quality.Where(q => q.Scheme == inUse))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {q.Coverage:0.0} | {Pct(q.Top1, q.Expected)} | {Pct(q.Top3, q.Expected)} | {Pct(q.NoneEmpty, q.None)} |"));
        }

        // Every scheme at the small size (what the segmenter buys, and costs); the one in use at the large size too.
        // The large size in a database that also holds a million cases, as the issue sets the target.
        // --kb-entries=N (and --kb-cases=N) measures the speed of the scheme in use at that one size only.
        var runs = args.Contains("--misses") ? []
            : Whole("--kb-entries", 1_000) is { } kbEntries ? [(Scheme: inUse, Entries: kbEntries, Repeats: 5, Cases: Whole("--kb-cases", 0) ?? 0)]
            : quick
            ? new[] { (Scheme: inUse, Entries: 10_000, Repeats: 2, Cases: 0) }
            : [.. schemes.Select(s => (Scheme: s, Entries: 10_000, Repeats: 3, Cases: 0)), (inUse, 100_000, 5, 1_000_000)];
        Console.WriteLine();
        Console.WriteLine("Speed: entries made from the seed's by variation, every labelled query searched after an untimed pass (one client); raw = the same terms' postings summed per entry, best ten (no IDF, filters or snippets); scan = ILIKE over titles and answers");
        Console.WriteLine();
        Console.WriteLine("| terms | entries | cases | setup s | postings | index MB | searches | search p50 ms | p95 ms | p99 ms | raw p50 ms | raw p95 ms | raw p99 ms | scan p50 ms | scan p95 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var r = await KnowledgeBenchmark.SpeedAsync(admin, run.Entries, run.Scheme, run.Repeats, run.Cases);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scheme} | {F(r.Entries)} | {F(r.Cases)} | {r.SetupSeconds:0} | {F(r.Postings)} | {r.IndexMb:0} | {F(r.Searches)} | {r.P50:0.0} | {r.P95:0.0} | {r.P99:0.0} | {r.RawP50:0.0} | {r.RawP95:0.0} | {r.RawP99:0.0} | {r.ScanP50:0} | {r.ScanP95:0} |"));
        }
    }
}

if (Runs("console"))
{
    Console.WriteLine();
    Console.WriteLine($"Console: the agent desk's first load, and the time to a usable desk in Chromium (budget: initial load ≤ {ConsoleBenchmark.BudgetGzipKb:0} KB gzip)");
    if (ConsoleBenchmark.Missing() is { } missing)
    {
        Console.WriteLine();
        Console.WriteLine($"(skipped: {missing})");
    }
    else
    {
        var servers = new BenchServers(admin, Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_HOST") ?? "127.0.0.1",
            Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_VHOST") ?? "dispatch-bench",
            Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_USER") ?? "dispatch",
            Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_PASSWORD") ?? throw new InvalidOperationException("DISPATCH_BENCH_RABBITMQ_PASSWORD is not set; run deploy/bench/run."));
        // --desk-loads=N: timed loads of each page with each cache (quick mode 20, full 100).
        var loads = Whole("--desk-loads", 2) ?? (quick ? 20 : 100);
        var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var r = await ConsoleBenchmark.RunAsync(servers, loads);
        var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        string Kb(double bytes) => (bytes / 1024).ToString("#,0.0", CultureInfo.InvariantCulture);
        string Row(string part, IReadOnlyCollection<ConsoleBuild.Asset> files, string budget = "") => string.Create(CultureInfo.InvariantCulture,
            $"| {part} | {files.Count} | {Kb(files.Sum(f => f.RawBytes))} | {Kb(files.Sum(f => f.GzipBytes))} | {budget} |");
        var first = r.Entry.Concat(r.Desk).ToList();
        var firstGzipKb = first.Sum(f => f.GzipBytes) / 1024.0;
        Console.WriteLine();
        Console.WriteLine("The JS and CSS of the desk's first load, read from the build (index.html's script, module preloads and stylesheets with every chunk they import; then the desk route's lazy chunk with what Vite preloads for it); gzip at the smallest size, KB = 1,024 bytes");
        Console.WriteLine();
        Console.WriteLine("| part | files | raw KB | gzip KB | budget |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        Console.WriteLine(Row("entry (index.html): JS", [.. r.Entry.Where(a => a.IsScript)]));
        Console.WriteLine(Row("entry (index.html): CSS", [.. r.Entry.Where(a => !a.IsScript)]));
        Console.WriteLine(Row($"the desk's route ({ConsoleBenchmark.DeskComponent}): JS", [.. r.Desk.Where(a => a.IsScript)]));
        Console.WriteLine(Row($"the desk's route ({ConsoleBenchmark.DeskComponent}): CSS", [.. r.Desk.Where(a => !a.IsScript)]));
        Console.WriteLine(Row("the desk's first load", first, string.Create(CultureInfo.InvariantCulture,
            $"≤ {ConsoleBenchmark.BudgetGzipKb:0} KB gzip: {(firstGzipKb <= ConsoleBenchmark.BudgetGzipKb ? "met" : "NOT MET")} ({firstGzipKb / ConsoleBenchmark.BudgetGzipKb:0%})")));
        Console.WriteLine(Row($"largest lazy chunk: {Path.GetFileName(r.LargestLazy.Path)}", [r.LargestLazy]));
        Console.WriteLine();
        Console.WriteLine(r.FetchedDiffers.Count == 0
            ? $"A cold load of /desk in Chromium fetched exactly these {first.Count} files."
            : $"A cold load of /desk in Chromium fetched other files than the build names: {string.Join("; ", r.FetchedDiffers)}");
        Console.WriteLine();
        Console.WriteLine($"Time to a usable desk: agent1, signed in, opens /desk in {r.Browser} (headless, 1440×900, one tab at a time), {loads} loads of each page with each cache, the two pages alternating; usable = the caller's phone field (来电号码) has the focus and the category menu lists every top-level category, at the next animation frame, from the navigation's start; static baseline = the desk's rendered DOM without scripts, its stylesheets linked, the phone field autofocused ({Kb(r.BaselineHtmlBytes)} KB of HTML), served by the same Api; cold = a new browser context each load, warm = a new tab in a context that loaded the page once; requests sent over the network (a file from the cache sends none) and KB they transferred until usable, the page itself included; the baseline page is kept at .dispatch-local/bench-desk-baseline.html (load average {loadBefore} before, {loadAfter} after)");
        Console.WriteLine();
        Console.WriteLine("| page | cache | loads | usable p50 ms | p95 ms | first contentful paint p50 ms | requests sent until usable | KB transferred until usable |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var t in r.Timings)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {t.Page} | {t.Cache} | {t.Loads} | {t.UsableP50Ms:0} | {t.UsableP95Ms:0} | {t.PaintP50Ms:0} | {t.RequestsMean:0.#} | {t.TransferredKbMean:#,0.0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Where the console's time goes: each step's p50 over the same loads, ms from the navigation's start (a file from the cache counts when the cache answered it)");
        Console.WriteLine();
        Console.WriteLine("| cache | page answered | first contentful paint | session checked (GET /api/session) | desk chunk loaded | catalogue answered (3 reads) | usable |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var t in r.Timings.Where(t => t.Page == "console"))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {t.Cache} | {t.Steps.PageMs:0} | {t.PaintP50Ms:0} | {t.Steps.SessionMs:0} | {t.Steps.DeskChunkMs:0} | {t.Steps.CatalogueMs:0} | {t.UsableP50Ms:0} |"));
        }
    }
}

if (Runs("dashboard"))
{
    var servers = new BenchServers(admin, Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_HOST") ?? "127.0.0.1",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_VHOST") ?? "dispatch-bench",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_USER") ?? "dispatch",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_PASSWORD") ?? throw new InvalidOperationException("DISPATCH_BENCH_RABBITMQ_PASSWORD is not set; run deploy/bench/run."));
    // Quick: 10k cases, 20 loads of each cache; full: 1,000,000 cases, 50 loads (--dashboard-loads=N).
    var size = quick ? 10_000 : 1_000_000;
    var loads = Whole("--dashboard-loads", 2) ?? (quick ? 20 : 50);
    var r = await DashboardBenchmark.RunAsync(servers, size, loads, runs: 5);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Supervision dashboard ({F(r.Cases)} cases over 2025, seeded in {r.SetupSeconds:0.0} s; the month is {DashboardBenchmark.Month}; each request the median of 5 after a warm-up, through HTTP as supervisor1)"));
    Console.WriteLine();
    Console.WriteLine("| request | median ms | max ms | KB | × the KPI endpoint |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var t in (DashboardBenchmark.RequestTiming[])[r.Kpi, .. r.Others])
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| `{t.Path}` | {t.MedianMs:0.0} | {t.MaxMs:0.0} | {t.Bytes / 1024.0:0.0} | {t.MedianMs / r.Kpi.MedianMs:0.0} |"));
    }

    Console.WriteLine();
    if (r.BrowserSkipped is { } skipped)
    {
        Console.WriteLine($"Time to a rendered month dashboard: skipped ({skipped})");
    }
    else
    {
        Console.WriteLine($"Time to a rendered month dashboard: supervisor1 opens /supervision?month={DashboardBenchmark.Month} in Chromium (headless, 1440×900), from the navigation's start to {DashboardBenchmark.Ready}");
        Console.WriteLine();
        Console.WriteLine("| cache | loads | p50 ms | p95 ms | p50 × the KPI endpoint |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var b in r.Browser)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {b.Cache} | {b.Loads} | {b.P50Ms:0} | {b.P95Ms:0} | {b.P50Ms / r.Kpi.MedianMs:0.0} |"));
        }
    }
}

if (Runs("uploads"))
{
    var servers = new BenchServers(admin, Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_HOST") ?? "127.0.0.1",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_VHOST") ?? "dispatch-bench",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_USER") ?? "dispatch",
        Environment.GetEnvironmentVariable("DISPATCH_BENCH_RABBITMQ_PASSWORD") ?? throw new InvalidOperationException("DISPATCH_BENCH_RABBITMQ_PASSWORD is not set; run deploy/bench/run."));
    // --upload-files=N photos (and as many PDFs) timed per path, --upload-clients=N at once; quick mode 8 by 4 in one round, full 120 by 8 in 3.
    var files = Whole("--upload-files", 4) ?? (quick ? 8 : 120);
    var clients = Whole("--upload-clients", 1) ?? (quick ? 4 : 8);
    var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    var r = await UploadBenchmark.RunAsync(servers, files, clients, rounds: quick ? 1 : 3, calibrate: args.Contains("--calibrate"));
    var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    string Mb(double bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.00", CultureInfo.InvariantCulture);
    string Rows(IReadOnlyList<UploadBenchmark.Figures> rows, string rawPath) => string.Join(Environment.NewLine, rows.Select(f => string.Create(CultureInfo.InvariantCulture,
        $"| {f.Path} | {F(f.Files)} | {f.FilesPerSecond:0.0} | {f.MegabytesPerSecond:0.0} | {f.P50Ms:0} | {f.P95Ms:0} | {f.FilesPerSecond / rows.Single(x => x.Path == rawPath).FilesPerSecond:0.00#} | {(f.ApiCpuMsPerFile is { } cpu ? cpu.ToString("0", CultureInfo.InvariantCulture) : "")} | {(f.ApiPeakRssMb is { } rss ? rss.ToString("0", CultureInfo.InvariantCulture) : "")} |")));
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Uploads: {Mb(r.PhotoMeanBytes)} MB photos ({BenchPhotos.Width}×{BenchPhotos.Height} JPEG at quality {r.Quality}, EXIF with GPS, make and model, each its own pixels) through POST /api/cases/{{n}}/attachments as agent1 (a bearer token), {r.Clients} clients at once, {F(files)} files a row after {r.WarmUp} untimed, in {r.Rounds} round{(r.Rounds == 1 ? "" : "s")} of every row (each round starting with the next row); raw = the same bytes by as many writers to the same filesystem ({r.Filesystem}), each to a temporary file, fsync'd, renamed into place, as FileSystemBlobStore writes a blob; stored as {Mb(r.StoredMeanBytes)} MB re-encoded photos and {r.ThumbnailMeanBytes / 1024:0} KB thumbnails; the Api's RSS at rest {r.ApiRestingRssMb:0} MB (load average {loadBefore} before, {loadAfter} after)"));
    Console.WriteLine();
    Console.WriteLine("| path | files | files/s | MB/s (as sent) | p50 ms | p95 ms | ratio to raw | Api CPU ms per file | Api peak RSS MB |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine(Rows(r.Uploads, UploadBenchmark.RawWrite));
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Re-encode of one photo in this process (FileIntake.Prepare: decoded, re-encoded at JPEG 90, thumbnailed), one at a time, {r.Reencodes} photos: p50 {r.ReencodeP50Ms:0} ms, p95 {r.ReencodeP95Ms:0} ms, {r.ReencodeCpuMs:0} ms of CPU each"));
    Console.WriteLine();
    Console.WriteLine($"Downloads: the photos uploaded above, {r.Clients} clients at once; raw = the same blob files read from the Api's folder as the store opens them (both from the page cache)");
    Console.WriteLine();
    Console.WriteLine("| path | files | files/s | MB/s | p50 ms | p95 ms | ratio to raw | Api CPU ms per file | Api peak RSS MB |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine(Rows(r.Downloads, UploadBenchmark.RawRead));
}

using System.Diagnostics;

namespace Dispatch.Tests.Integration.Benchmarks;

/// <summary>
/// The benchmark command still works: <c>deploy/bench/run</c> in quick mode runs every benchmark end to end and prints its
/// tables. Nothing here asserts a figure — timings are for reading, not for failing a build.
/// </summary>
[Category("Integration")]
[Category("Benchmark")]
[NonParallelizable]
public sealed class BenchmarkSmokeSpecs
{
    [Test]
    // A guard against a hang, not a timing: quick mode takes a few minutes on a quiet machine, several times that on two cores
    // shared with builds (the console benchmark alone took 6 minutes at a load average of 25).
    [CancelAfter(20 * 60 * 1000)]
    public async Task The_quick_benchmark_runs_every_benchmark_and_prints_its_tables(CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
        {
            root = root.Parent;
        }

        // Quick mode made quicker, since no figure is read here: the Debug build this suite runs from, as it stands (no build at all), five loads of the desk and of the dashboard per cache instead of 20, and intake's runs at a few seconds
        // each. Every benchmark and every table still runs.
        string[] arguments = ["--debug", "--dashboard-loads=5", "--desk-loads=5", "--warmup=1", "--window=3", "--open-loop=2"];
        var start = new ProcessStartInfo("bash", [Path.Combine(root!.FullName, "deploy", "bench", "run"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        // On the hang guard, stop the benchmark and everything it started: left running, it would load the rest of the suite.
        using var stop = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It had already exited.
            }
        });
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var printed = await output;
        await TestContext.Progress.WriteLineAsync(printed);

        Assert.Multiple(async () =>
        {
            Assert.That(process.ExitCode, Is.Zero, await error);
            Assert.That(printed, Does.Contain("The Debug build: these figures are not the product's"), "a reader of the output is told");
            Assert.That(printed, Does.Contain("Intake to dispatched").And.Contain("Where the CPU goes").And.Contain("| raw pipeline |").And.Contain("Open loop").And.Contain("The raw pipeline at the same rate").And.Contain("Deadline sweeper").And.Contain("Reports").And.Contain("Similar cases").And.Contain("Quality")
                .And.Contain("Knowledge search").And.Contain("Console: the agent desk's first load"));
            // The console's tables, measured, not skipped: the suite builds the console and has Chromium (deploy/local/test).
            Assert.That(printed, Does.Contain("| the desk's first load |").And.Contain("| console | cold |").And.Contain("| static baseline | cold |")
                .And.Contain("| console | warm |").And.Contain("| static baseline | warm |"));
            // The uploads' rows, each beside its raw baseline: photos and PDFs through the Api, the blob store, the fsync'd copy, the downloads.
            Assert.That(printed, Does.Contain("Uploads: ").And.Contain("| upload, photo").And.Contain("| upload, PDF").And.Contain("| blob store alone")
                .And.Contain("| raw write").And.Contain("Re-encode of one photo").And.Contain("| download").And.Contain("| raw read"));
            // The supervision dashboard: the KPI endpoint's own time, the other requests, and the browser's cold and warm loads.
            Assert.That(printed, Does.Contain("Supervision dashboard (10,000 cases").And.Contain("| `/api/reports/kpi?month=2025-10&groupBy=department` |")
                .And.Contain("Time to a rendered month dashboard: supervisor1 opens"));
            Assert.That(printed.Split('\n').Where(l => l.StartsWith("| console |", StringComparison.Ordinal)).Select(l => l.Split('|')[3].Trim()),
                Is.EqualTo(new[] { "5", "5" }), "the desk's cold and warm rows, 5 loads each");
            // Measured, not skipped: every one of the five loads of each cache reached the ready marker.
            // (The console's table of steps has rows that start alike, so the rows are read after the dashboard's heading.)
            var dashboard = printed[Math.Max(0, printed.IndexOf("Time to a rendered month dashboard", StringComparison.Ordinal))..];
            Assert.That(dashboard.Split('\n').Where(l => l.StartsWith("| cold |", StringComparison.Ordinal) || l.StartsWith("| warm |", StringComparison.Ordinal))
                .Take(2).Select(l => l.Split('|')[2].Trim()), Is.EqualTo(new[] { "5", "5" }), "the dashboard's cold and warm rows, 5 loads each");
            Assert.That(printed.Split('\n').Count(l => l.StartsWith("| 10,000 |", StringComparison.Ordinal)), Is.EqualTo(4),
                "intake with 1 and with 2 workers, the sweeper and the reports, each at 10k");
        });
    }
}

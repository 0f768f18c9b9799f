using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The served OpenAPI document is good enough to generate a client from: Redocly CLI, pinned in <c>deploy/openapi</c> (installed
/// there by deploy/local/test with <c>npm ci</c>), reports no error with its recommended rules. Its warnings are printed, not failed on.
/// </summary>
[Category("Integration")]
public sealed class OpenApiLintSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    [Test]
    [CancelAfter(3 * 60 * 1000)]
    public async Task Redocly_reports_no_error_on_the_served_document(CancellationToken cancellationToken)
    {
        var linter = Linter.Find();
        var node = await Linter.NodeVersionAsync(cancellationToken);
        if (node is null)
        {
            Assert.Ignore("Redocly CLI 2.77 needs Node 20 or later; this machine has no node — install Node 20 to run the OpenAPI lint " +
                          "(deploy/local/test installs Debian's nodejs when node is missing).");
        }

        if (node.Major < 20)
        {
            Assert.Ignore($"Redocly CLI 2.77 needs Node 20 or later; this machine has v{node} — install Node 20 to run the OpenAPI lint.");
        }

        if (!Linter.Supports(node))
        {
            Assert.Ignore($"Redocly CLI 2.77 runs on Node 20.19+ (20.x) or 22.12+; this machine has v{node} — install Node 20 to run the OpenAPI lint.");
        }

        Assert.That(File.Exists(linter.Cli), Is.True,
            $"Redocly CLI is not installed in {linter.Folder}: run `npm ci` there (deploy/local/test does).");

        // Outside Development the document needs a signed-in user; the spec hosts run as Test.
        using var served = await Hotline.Api.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), cancellationToken);
        Assert.That(served.IsSuccessStatusCode, Is.True, $"GET /openapi/v1.json answered {(int)served.StatusCode}.");
        // Kept after the run (.dispatch-local is git-ignored), so that a failure can be read against the document the linter saw.
        var document = Path.Combine(linter.Root, ".dispatch-local", "openapi-v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        await File.WriteAllTextAsync(document, await served.Content.ReadAsStringAsync(cancellationToken), cancellationToken);

        var report = await linter.LintAsync(document, cancellationToken);
        await TestContext.Progress.WriteLineAsync(report.Summary());
        Assert.That(report.Errors.Count, Is.Zero, () => $"Redocly CLI reports errors on /openapi/v1.json (saved as {document}):\n" +
                                                   LintReport.Describe(report.Errors));
    }

    /// <summary>The pinned Redocly CLI in <c>deploy/openapi</c> and its configuration (recommended rules).</summary>
    private sealed record Linter(string Root)
    {
        public string Folder => Path.Combine(Root, "deploy", "openapi");

        public string Cli => Path.Combine(Folder, "node_modules", "@redocly", "cli", "bin", "cli.js");

        public static Linter Find()
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
            {
                root = root.Parent;
            }

            return new Linter(root?.FullName ?? throw new InvalidOperationException("Dispatch.sln not found above the test output."));
        }

        /// <summary>Redocly CLI 2.77's own engines field: <c>&gt;=22.12.0 || &gt;=20.19.0 &lt;21.0.0</c>.</summary>
        public static bool Supports(Version node) =>
            node.Major == 20 ? node.Minor >= 19 : node.Major > 22 || (node.Major == 22 && node.Minor >= 12);

        public static async Task<Version?> NodeVersionAsync(CancellationToken cancellationToken)
        {
            try
            {
                var (exit, output, _) = await RunAsync("node", ["--version"], null, cancellationToken);
                return exit == 0 && Version.TryParse(output.Trim().TrimStart('v'), out var version) ? version : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        public async Task<LintReport> LintAsync(string document, CancellationToken cancellationToken)
        {
            var (exit, output, error) = await RunAsync("node",
                [Cli, "lint", document, "--config", Path.Combine(Folder, "redocly.yaml"), "--format", "json", "--max-problems", "100000"], Folder, cancellationToken);
            // Exit code 1 is "problems found"; anything else, or no JSON, means the linter itself did not run. Without --max-problems it
            // lists only the first 100.
            if (exit is not (0 or 1) || !output.TrimStart().StartsWith('{'))
            {
                Assert.Fail($"Redocly CLI did not run (exit code {exit}):\n{error}\n{output}");
            }

            return LintReport.Parse(output);
        }

        private static async Task<(int Exit, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments, string? folder,
            CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder ?? Environment.CurrentDirectory,
            };
            // No analytics and no update check: the suite runs where nothing but the package registries is reachable.
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            start.Environment["NO_COLOR"] = "1";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output, await error);
        }
    }

    private sealed record LintProblem(string Rule, string Severity, string Message, string Pointer);

    private sealed record LintReport(IReadOnlyList<LintProblem> Problems)
    {
        public IReadOnlyList<LintProblem> Errors => [.. Problems.Where(p => p.Severity == "error")];

        public static LintReport Parse(string json)
        {
            using var report = JsonDocument.Parse(json);
            return new LintReport([.. report.RootElement.GetProperty("problems").EnumerateArray().Select(p => new LintProblem(
                p.GetProperty("ruleId").GetString() ?? "",
                p.GetProperty("severity").GetString() ?? "",
                p.GetProperty("message").GetString() ?? "",
                p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()).FirstOrDefault() ?? ""))]);
        }

        /// <summary>"Redocly CLI: N errors, M warnings" and the count per rule, for the test log.</summary>
        public string Summary()
        {
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
                $"Redocly CLI on /openapi/v1.json: {Errors.Count} errors, {Problems.Count(p => p.Severity == "warn")} warnings");
            foreach (var rule in Problems.GroupBy(p => (p.Severity, p.Rule)).OrderBy(g => g.Key.Severity).ThenByDescending(g => g.Count()))
            {
                text.Append(CultureInfo.InvariantCulture, $"\n  {rule.Key.Severity,-5} {rule.Key.Rule}: {rule.Count()}");
            }

            return text.ToString();
        }

        public static string Describe(IEnumerable<LintProblem> problems) =>
            string.Join('\n', problems.Select(p => $"  {p.Rule}: {p.Message} at {p.Pointer}"));
    }
}

using System.Diagnostics;
using System.Globalization;
using Dispatch.Testing;
using System.Net;

namespace Dispatch.Benchmarks;

/// <summary>A real Api or Workers process from its build (<see cref="Configuration"/>), configured by environment variables, with its resident memory sampled.</summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly Process _process;
    private long _peakRssBytes;

    private BenchHost(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public long PeakRssBytes => Interlocked.Read(ref _peakRssBytes);

    /// <summary>
    /// The services come from the same build as the benchmark: Release for figures, Debug when deploy/bench/run --debug only proves
    /// the benchmarks run (the suite's smoke run, right after the test command's Debug build).
    /// </summary>
    public static string Configuration { get; } =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static async Task<BenchHost> StartAsync(string project, IReadOnlyDictionary<string, string> environment)
    {
        var root = Root();
        var dll = Path.Combine(root, project, "bin", Configuration, "net10.0", project + ".dll");
        var port = ListenPort.Next();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {project}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"[{project}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new BenchHost(process, port);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{project} exited with {process.ExitCode} while starting.");
            }

            try
            {
                using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException($"{project} was not ready within 90 s.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Reads VmRSS from /proc and keeps the highest value seen.</summary>
    public long SampleRss()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is null)
            {
                return 0;
            }

            var bytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            long peak;
            while (bytes > (peak = Interlocked.Read(ref _peakRssBytes)) && Interlocked.CompareExchange(ref _peakRssBytes, bytes, peak) != peak)
            {
            }

            return bytes;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static string Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Dispatch.sln not found above the benchmark.");
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using Dispatch.Testing;

namespace Dispatch.Tests.Support;

/// <summary>
/// A real Api or Workers process (<c>dotnet Dispatch.Api.dll</c> as built by the test command), for the specs that kill
/// processes: configured by environment variables as in production, listening on a free port, its output kept
/// for the failure message. <see cref="Kill"/> is SIGKILL (no shutdown code runs); <see cref="StopAsync"/> is SIGTERM.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private HostProcess(string name, string dll, IReadOnlyDictionary<string, string> environment)
    {
        _name = name;
        _dll = dll;
        _environment = environment;
        Port = ListenPort.Next();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Starts { get; private set; }

    /// <summary>Starts <paramref name="project"/> (Dispatch.Api or Dispatch.Workers) from its build output.</summary>
    public static async Task<HostProcess> StartAsync(string project, string name, IReadOnlyDictionary<string, string> environment)
    {
        var host = new HostProcess(name, BuildOutput(project), environment);
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// Starts the process again; done once it is ready, or with <paramref name="untilReady"/> false once it is alive (a host
    /// started while its database is down cannot be ready).
    /// </summary>
    public async Task StartAsync(bool untilReady = true)
    {
        var start = new ProcessStartInfo("dotnet", [_dll, "--urls", BaseAddress.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_name}.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Poller.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"{_name} exited with {process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var ready = await client.GetAsync(new Uri(untilReady ? "/health/ready" : "/health/live", UriKind.Relative));
                return ready.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, s => s == HttpStatusCode.OK, $"{_name} to be ready", TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: the process dies mid-whatever it was doing; nothing of its shutdown runs.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, then wait for the host to finish what it was doing and exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.Length > 20_000 ? _output.ToString(_output.Length - 20_000, 20_000) : _output.ToString();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The project's own build output in the configuration the tests were built in (the test command builds the solution).</summary>
    public static string BuildOutput(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Dispatch.sln not found above the test output."),
            project, "bin", configuration, here.Name, project + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first (deploy/local/test does).");
    }
}

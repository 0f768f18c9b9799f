using System.Diagnostics;

namespace Dispatch.Tests.Support;

/// <summary>
/// Runs a function of deploy/local/lib.sh (with the run's credentials, .dispatch-local/credentials.env, which deploy/local/test
/// writes first): the scenarios' own servers are started and stopped by the same code an operator can run by hand.
/// </summary>
public static class LocalScripts
{
    public static async Task<string> RunAsync(string function, params string[] arguments)
    {
        var root = Root();
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -euo pipefail; . deploy/local/lib.sh; . \"$STATE_DIR/credentials.env\"; \"$@\"");
        start.ArgumentList.Add("lib.sh");
        start.ArgumentList.Add(function);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/local/lib.sh {function} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }

        return await output;
    }

    /// <summary>The run's credentials (the passwords the scenarios' own servers are given).</summary>
    public static IReadOnlyDictionary<string, string> Credentials() =>
        File.ReadAllLines(Path.Combine(Root(), ".dispatch-local", "credentials.env"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);

    private static string Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Dispatch.sln not found above the test output.");
    }
}

using System.Diagnostics;

namespace Dispatch.Tests.Support;

/// <summary>Stops and starts the machine's PostgreSQL cluster (pg_ctlcluster), for the fault specs. Needs root or passwordless sudo.</summary>
public static class Postgres
{
    public static Task StopAsync() => ClusterAsync("stop", "-m", "fast");

    public static async Task StartAsync()
    {
        await ClusterAsync("start");
        await Poller.UntilAsync(async () => (await RunAsync("pg_isready", "-q", "-h", "127.0.0.1")).ExitCode, code => code == 0,
            "PostgreSQL to accept connections", TimeSpan.FromSeconds(60));
        // This process's pooled connections died with the server.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    private static async Task ClusterAsync(string verb, params string[] options)
    {
        var (code, output) = await RunAsync("pg_lsclusters", "-h");
        var cluster = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_lsclusters failed: {output}");
        }

        var (exit, said) = await RunAsync("pg_ctlcluster", [cluster[0], cluster[1], verb, .. options]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"pg_ctlcluster {verb} failed ({exit}): {said} (the fault specs need root or passwordless sudo)");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? program : "sudo") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (!asRoot)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}

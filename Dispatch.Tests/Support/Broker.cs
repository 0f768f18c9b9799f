using System.Diagnostics;
using System.Globalization;

namespace Dispatch.Tests.Support;

/// <summary>The real RabbitMQ node through rabbitmqctl, for fault specs: stop and start it, make a virtual host, read queue depths.</summary>
public static class Broker
{
    public static Task StopAsync() => RabbitMqCtlAsync("stop_app");

    public static async Task StartAsync()
    {
        await RabbitMqCtlAsync("start_app");
        await RabbitMqCtlAsync("await_startup");
    }

    /// <summary>A virtual host of its own for a spec whose processes must not meet other specs' messages.</summary>
    public static async Task AddVirtualHostAsync(string name)
    {
        await RabbitMqCtlAsync("add_vhost", name);
        await RabbitMqCtlAsync("set_permissions", "-p", name, TestSettings.RabbitUser, ".*", ".*", ".*");
    }

    public static Task DeleteVirtualHostAsync(string name) => RabbitMqCtlAsync("delete_vhost", name);

    /// <summary>Every queue of the virtual host with the messages it holds (ready and unacknowledged).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string virtualHost)
    {
        var output = await RabbitMqCtlAsync("list_queues", "-p", virtualHost, "--no-table-headers", "name", "messages");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static async Task<string> RabbitMqCtlAsync(params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "rabbitmqctl" : "sudo")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (!asRoot)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add("rabbitmqctl");
        }

        start.ArgumentList.Add("-q");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run rabbitmqctl.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error} " +
                "(the fault specs need root or passwordless sudo for rabbitmqctl)");
        }

        return await output;
    }
}

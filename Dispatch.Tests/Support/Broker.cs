using System.Diagnostics;

namespace Dispatch.Tests.Support;

/// <summary>Stops and starts the real RabbitMQ node (rabbitmqctl stop_app / start_app), for fault specs.</summary>
public static class Broker
{
    public static Task StopAsync() => RabbitMqCtlAsync("stop_app");

    public static async Task StartAsync()
    {
        await RabbitMqCtlAsync("start_app");
        await RabbitMqCtlAsync("await_startup");
    }

    private static async Task RabbitMqCtlAsync(string command)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "rabbitmqctl" : "sudo", asRoot ? $"-q {command}" : $"-n rabbitmqctl -q {command}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run rabbitmqctl.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"rabbitmqctl {command} failed ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()} " +
                "(the fault specs need root or passwordless sudo for rabbitmqctl)");
        }
    }
}

using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Dispatch.Workers;

/// <summary>
/// The rule-driven workers: routing consumers, the outbox relay, health endpoints.
/// <c>dotnet Dispatch.Workers.dll migrate</c> applies migrations (and the demo seed if configured) and exits;
/// <c>dotnet Dispatch.Workers.dll demo-tokens</c> issues a token for every demo user and prints them.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.FirstOrDefault() is "migrate" or "demo-tokens" ? args[0] : null;
        var builder = WebApplication.CreateBuilder(command is null ? args : args[1..]);
        builder.AddDispatchWorkers();
        var app = builder.Build();
        switch (command)
        {
            case "migrate":
                return await app.RunMigrationsAsync();
            case "demo-tokens":
                await app.RunMigrationsAsync();
                return await app.IssueDemoTokensAsync(Console.Out);
        }

        app.MapDispatchHealth(needsBroker: true);
        await app.RunAsync();
        return 0;
    }
}

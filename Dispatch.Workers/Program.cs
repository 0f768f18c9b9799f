using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Dispatch.Workers;

/// <summary>
/// The rule-driven workers: routing consumers, the outbox relay, health endpoints.
/// <c>dotnet Dispatch.Workers.dll migrate</c> applies migrations (and the demo seed if configured) and exits.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var migrateOnly = args.FirstOrDefault() == "migrate";
        var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);
        builder.AddDispatchWorkers();
        var app = builder.Build();
        if (migrateOnly)
        {
            return await app.RunMigrationsAsync();
        }

        app.MapDispatchHealth();
        await app.RunAsync();
        return 0;
    }
}

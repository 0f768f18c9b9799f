using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Console;

namespace Dispatch.Workers;

/// <summary>
/// The rule-driven workers: routing consumers, the outbox relay, health endpoints.
/// <c>dotnet Dispatch.Workers.dll migrate</c> applies migrations (and the demo seed if configured) and exits;
/// <c>dotnet Dispatch.Workers.dll demo-tokens</c> issues a token for every demo user and prints them (Development only);
/// <c>dotnet Dispatch.Workers.dll demo-passwords</c> gives every demo user a new random password and prints them (Development only);
/// <c>dotnet Dispatch.Workers.dll errors list|replay &lt;queue&gt; [count]</c> shows or replays an error queue (<see cref="Messaging.ErrorQueues"/>);
/// <c>dotnet Dispatch.Workers.dll audit verify [--from --to]</c> checks every audit trail and the administrative record (<see cref="Audit.AuditVerifyCommand"/>).
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["probe", var url])
        {
            return await HealthProbe.RunAsync(url);
        }

        var command = args.FirstOrDefault() is "migrate" or "demo-tokens" or "demo-passwords" or "errors" or "audit" ? args[0] : null;
        if (command == "errors")
        {
            return await ErrorsAsync(args[1..]);
        }

        if (command == "audit" && args is not ["audit", "verify", ..])
        {
            await Console.Error.WriteLineAsync(Audit.AuditVerifyCommand.Usage);
            return 2;
        }

        // The verify command's own arguments are not configuration.
        var builder = WebApplication.CreateBuilder(command switch { null => args, "audit" => [], _ => args[1..] });
        if (command is "demo-tokens" or "demo-passwords" && !builder.Environment.IsDevelopment())
        {
            // It revokes and reissues the demo users' tokens (or sets their passwords) and prints them in clear: on a real line that
            // hands out working credentials for every role. Refused before anything connects to the database.
            var what = command == "demo-tokens" ? "tokens" : "passwords";
            await Console.Error.WriteLineAsync(
                $"{command} runs only in the Development environment (this is '{builder.Environment.EnvironmentName}'): it prints working " +
                $"{what} for every demo user. Issue real users' {what} through the administration API.");
            return 2;
        }

        if (command is not null)
        {
            // A command's standard output is its answer (the tokens file, the audit report): its log, whatever the level, goes to
            // standard error.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.AddDispatchWorkers();
        // Disposed before the process ends, so the console logger has written out what it queued.
        await using var app = builder.Build();
        switch (command)
        {
            case "migrate":
                return await app.RunMigrationsAsync();
            case "audit":
                return await Audit.AuditVerifyCommand.RunAsync(app.Services, args[2..], Console.Out);
            case "demo-tokens":
                // Its output is the tokens file: rows only. The schema is the owner's (`migrate`), and this runs as the services.
                return await app.IssueDemoTokensAsync(Console.Out);
            case "demo-passwords":
                // Rows only, as demo-tokens: deploy/local/up redirects them into .dispatch-local/demo-passwords.tsv.
                return await app.SetDemoPasswordsAsync(Console.Out);
        }

        app.MapDispatchHealth(needsBroker: true);
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> ErrorsAsync(string[] args)
    {
        if (args is not [("list" or "replay") and var verb, var queue, ..] || (args.Length > 2 && !int.TryParse(args[2], out _)))
        {
            await Console.Error.WriteLineAsync("usage: errors list <queue> [show] | errors replay <queue> [count]   (e.g. errors list route-filed-case)");
            return 2;
        }

        var count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : verb == "list" ? 10 : int.MaxValue;
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddEnvironmentVariables().Build();
        var options = new RabbitMqOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(RabbitMqOptions.Section), options);
        var errors = new Messaging.ErrorQueues(options);
        if (verb == "replay")
        {
            var moved = await errors.ReplayAsync(queue, count, CancellationToken.None);
            Console.WriteLine($"{moved} message(s) moved from {queue}{Messaging.ErrorQueues.Suffix} back to {queue}");
            return 0;
        }

        var (waiting, first) = await errors.ListAsync(queue, count, CancellationToken.None);
        Console.WriteLine($"{waiting} message(s) in {queue}{Messaging.ErrorQueues.Suffix}");
        foreach (var m in first)
        {
            Console.WriteLine($"{m.MessageId}\t{m.FailedAt}\t{m.ExceptionType}: {m.Reason}\t{m.MessageType}");
        }

        return 0;
    }
}

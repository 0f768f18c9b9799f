using Dispatch.Tests.Support;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// <c>Dispatch.Workers demo-tokens</c> prints working tokens for every demo user, so it runs only in Development. Run through the
/// Workers' own entry point, configured by its command line as deploy/local/up runs it.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DemoTokensSpecs
{
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    [TestCase("Production")]
    [TestCase("Staging")]
    [TestCase("Test")]
    public async Task Outside_development_it_refuses_with_exit_code_2_before_touching_the_database(string environment)
    {
        // Nothing listens on port 1: had the command gone near the database it would have failed there, not exited 2.
        var (exitCode, output, error) = await RunAsync("demo-tokens", "--environment", environment,
            "--ConnectionStrings:Dispatch=Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=1");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error, Does.Contain("only in the Development environment").And.Contain($"'{environment}'"));
            Assert.That(output, Is.Empty, "no token printed");
        });
    }

    [Test]
    public async Task In_development_it_issues_and_prints_a_token_for_every_demo_user()
    {
        // As deploy/local/up runs it: as the services' role, at the default log level, its output redirected into the tokens file.
        var (exitCode, output, error) = await RunAsync("demo-tokens", "--environment", "Development", $"--ConnectionStrings:Dispatch={_db.ServiceConnectionString}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.Zero, error);
            Assert.That(lines, Has.Length.EqualTo(22).And.All.Match(@"^[a-z0-9.-]+\t[a-z]+\t[A-Z0-9-]+\tdsp_\S+$"), "the file holds its rows and nothing else");
            Assert.That(await _db.ScalarAsync<long>("select count(*) from user_tokens where label = 'demo' and revoked_at is null"), Is.EqualTo(22));
        });
    }

    [Test]
    public async Task Whatever_it_logs_goes_to_standard_error_and_its_output_holds_only_rows()
    {
        // Every level on: the hosting, options and the command itself log. Before, the console logger wrote to standard output, which
        // deploy/local/up redirects into the tokens file: the file began with log lines.
        var (exitCode, output, error) = await RunAsync("demo-tokens", "--environment", "Development", $"--ConnectionStrings:Dispatch={_db.ServiceConnectionString}",
            "--Logging:LogLevel:Default=Trace");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, error);
            Assert.That(lines, Has.Length.EqualTo(22).And.All.Match(@"^[a-z0-9.-]+\t[a-z]+\t[A-Z0-9-]+\tdsp_\S+$"), "rows and nothing else");
            Assert.That(error, Does.Contain("Issued 22 demo users' tokens (label demo)"), "the command's own log line, on standard error");
        });
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (console, consoleError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = await Dispatch.Workers.Program.Main(args);
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(console);
            Console.SetError(consoleError);
            await output.DisposeAsync();
            await error.DisposeAsync();
        }
    }
}

using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// <c>Dispatch.Workers demo-passwords</c> gives every demo user a new random password and prints them, so it runs only in Development.
/// Run through the Workers' own entry point, configured by its command line as deploy/local/up runs it.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DemoPasswordsSpecs
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
    [TestCase("Test")]
    public async Task Outside_development_it_refuses_with_exit_code_2_before_touching_the_database(string environment)
    {
        var (exitCode, output, error) = await RunAsync("demo-passwords", "--environment", environment,
            "--ConnectionStrings:Dispatch=Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=1");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error, Does.Contain("only in the Development environment").And.Contain("passwords"));
            Assert.That(output, Is.Empty, "no password printed");
        });
    }

    [Test]
    public async Task In_development_it_prints_a_working_new_password_for_every_demo_user_and_nothing_else()
    {
        var (exitCode, output, error) = await RunAsync("demo-passwords", "--environment", "Development", $"--ConnectionStrings:Dispatch={_db.ServiceConnectionString}");
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        var (again, secondOutput, _) = await RunAsync("demo-passwords", "--environment", "Development", $"--ConnectionStrings:Dispatch={_db.ServiceConnectionString}");
        var passwords = new Passwords(_db.Database, new AdminChanges(_db.Database, TestAuditKeys.Ring), TimeProvider.System);
        var second = secondOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToDictionary(r => r[0], r => r[3]);

        Assert.Multiple(async () =>
        {
            Assert.That((exitCode, again), Is.EqualTo((0, 0)), error);
            Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries),
                Has.Length.EqualTo(22).And.All.Match(@"^[a-z0-9.-]+\t[a-z]+\t[A-Z0-9-]+\t[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$"), "rows only");
            Assert.That(await passwords.CheckAsync("um.handler", second["um.handler"], CancellationToken.None),
                Is.EqualTo(new Person("um.handler", DemoName("um.handler"), "handler", "UM")));
            Assert.That(await passwords.CheckAsync("um.handler", rows.Single(r => r[0] == "um.handler")[3], CancellationToken.None), Is.Null,
                "each run gives new passwords; the last one's stop working");
            Assert.That(await _db.ScalarAsync<long>("select count(*) from admin_changes where operation = 'set-password'"), Is.Zero,
                "the demo's passwords are not administrative changes");
        });
    }

    private static string DemoName(string username) => Dispatch.Workers.Catalogue.DemoSeed.Load().Users.Single(u => u.Username == username).DisplayName;

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

using Dapper;
using Dispatch.Tests.Support;
using Dispatch.Workers.Storage;
using Npgsql;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// Real transient faults on PostgreSQL through <see cref="Database.InTransactionAsync{T}"/>: a deadlock and a connection
/// killed mid-transaction are run again and take effect once; a statement that timed out is not run again blindly
/// (it may have committed).
/// </summary>
[Category("Integration")]
public sealed class TransientFaultSpecs
{
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql, migrateAndSeed: false);
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.ExecuteAsync("create table counters (id int primary key, n int not null); insert into counters values (1, 0), (2, 0);");
    }

    [OneTimeTearDown]
    public async Task Drop() => await _db.DisposeAsync();

    [SetUp]
    public async Task Reset()
    {
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.ExecuteAsync("update counters set n = 0");
    }

    private async Task<(int First, int Second)> Counters()
    {
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        var rows = (await connection.QueryAsync<(int Id, int N)>("select id, n from counters order by id")).ToList();
        return (rows[0].N, rows[1].N);
    }

    [Test]
    public async Task A_deadlock_victim_is_run_again_and_both_units_take_effect_once()
    {
        var attempts = new int[2];
        using var bothLocked = new Barrier(2);
        Task<int> Unit(int index, int first, int second) => _db.Database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var attempt = Interlocked.Increment(ref attempts[index]);
            await connection.ExecuteAsync("update counters set n = n + 1 where id = @Id", new { Id = first }, transaction);
            if (attempt == 1)
            {
                // Both hold their first row before either asks for the other's: PostgreSQL must pick a victim.
                bothLocked.SignalAndWait(TimeSpan.FromSeconds(10), ct);
            }

            await connection.ExecuteAsync("update counters set n = n + 1 where id = @Id", new { Id = second }, transaction);
            return attempt;
        }, CancellationToken.None);

        await Task.WhenAll(Task.Run(() => Unit(0, 1, 2)), Task.Run(() => Unit(1, 2, 1)));

        Assert.Multiple(async () =>
        {
            Assert.That(await Counters(), Is.EqualTo((2, 2)), "each unit added one to each row, exactly once");
            Assert.That(attempts.Order(), Is.EqualTo(new[] { 1, 2 }), "the deadlock victim ran a second time");
        });
    }

    [Test]
    public async Task A_connection_killed_mid_transaction_is_run_again_and_takes_effect_once()
    {
        var attempts = 0;
        await _db.Database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            attempts++;
            await connection.ExecuteAsync("update counters set n = n + 1 where id = 1", transaction: transaction);
            if (attempts == 1)
            {
                var pid = await connection.ExecuteScalarAsync<int>("select pg_backend_pid()", transaction: transaction);
                await using var other = new NpgsqlConnection(_db.ConnectionString);
                await other.ExecuteAsync("select pg_terminate_backend(@Pid)", new { Pid = pid });
            }

            await connection.ExecuteAsync("update counters set n = n + 1 where id = 2", transaction: transaction);
            return 0;
        }, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(attempts, Is.EqualTo(2));
            Assert.That(await Counters(), Is.EqualTo((1, 1)));
        });
    }

    [TestCase(PostgresErrorCodes.SerializationFailure, true)]
    [TestCase(PostgresErrorCodes.DeadlockDetected, true)]
    [TestCase(PostgresErrorCodes.AdminShutdown, true)]
    [TestCase(PostgresErrorCodes.ConnectionFailure, true)]
    [TestCase(PostgresErrorCodes.QueryCanceled, false)]
    [TestCase(PostgresErrorCodes.UniqueViolation, false)]
    public void Which_server_errors_mean_the_transaction_certainly_rolled_back(string sqlState, bool transient) =>
        Assert.That(_db.Dialect.IsTransient(new PostgresException("fault", "ERROR", "ERROR", sqlState)), Is.EqualTo(transient));

    [TestCase("server")]
    [TestCase("client")]
    public async Task A_statement_that_timed_out_is_not_run_again(string side)
    {
        var attempts = 0;

        var thrown = Assert.CatchAsync(() => _db.Database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            attempts++;
            await connection.ExecuteAsync("update counters set n = n + 1 where id = 1", transaction: transaction);
            if (side == "server")
            {
                await connection.ExecuteAsync("set local statement_timeout = 200; select pg_sleep(2)", transaction: transaction);
            }
            else
            {
                await connection.ExecuteAsync("select pg_sleep(3)", transaction: transaction, commandTimeout: 1);
            }

            return 0;
        }, CancellationToken.None));

        Assert.Multiple(async () =>
        {
            Assert.That(thrown, Is.InstanceOf<NpgsqlException>());
            Assert.That(_db.Dialect.IsTransient(thrown!), Is.False);
            Assert.That(attempts, Is.EqualTo(1), "a timeout is reported, not retried");
            Assert.That(await Counters(), Is.EqualTo((0, 0)));
        });
    }
}

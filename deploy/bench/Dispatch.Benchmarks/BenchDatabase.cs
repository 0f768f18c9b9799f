using Dapper;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dispatch.Benchmarks;

/// <summary>A database of a benchmark's own: created, migrated and seeded with the demo district; dropped when disposed.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private BenchDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
        Database = new Database(new PostgreSqlDialect(), Options.Create(new DatabaseOptions { ConnectionString = connectionString }));
    }

    public string ConnectionString { get; }

    /// <summary>The audit key the benchmark's own writes seal with (its sweeper, its migrations).</summary>
    public static Dispatch.Workers.Audit.AuditKeyRing Keys { get; } = Dispatch.Workers.Audit.AuditKeyRing.Of("bench",
        new Dictionary<string, byte[]> { ["bench"] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) });

    public Database Database { get; }

    public static async Task<BenchDatabase> CreateAsync(string adminConnectionString, string label, int maxPoolSize = 100)
    {
        var name = $"dispatch_bench_{label}_{Guid.NewGuid():N}"[..40];
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.ExecuteAsync($"create database \"{name}\"");
        }

        var bench = new BenchDatabase(adminConnectionString, name,
            new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, MaxPoolSize = maxPoolSize }.ConnectionString);
        await new SchemaMigrator(bench.Database, Keys, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync(
            new DemoSeed(bench.Database, TimeProvider.System, NullLogger<DemoSeed>.Instance).ApplyAsync, CancellationToken.None);
        return bench;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_admin);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await admin.ExecuteAsync($"drop database if exists \"{_name}\" with (force)");
                return;
            }
            // An autovacuum worker (a superuser's backend) inside the database cannot be forced out: wait for it, as TestDatabase does.
            catch (PostgresException e) when (attempt < 20 && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }
}

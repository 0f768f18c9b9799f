using Dapper;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.PostgreSql;
using Dispatch.Workers.Storage.SqlServer;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dispatch.Tests.Support;

/// <summary>A database of its own for a fixture: created empty, migrated, seeded with the demo district, dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(DatabaseProvider provider, string adminConnectionString, string name, string connectionString, string serviceConnectionString)
    {
        Provider = provider;
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
        ServiceConnectionString = serviceConnectionString;
        Dialect = provider == DatabaseProvider.SqlServer ? new SqlServerDialect() : new PostgreSqlDialect();
        Database = Connect(Dialect, connectionString);
    }

    public DatabaseProvider Provider { get; }

    public string Name { get; }

    /// <summary>As the owner, who created and migrated the database: what migrations and the specs' own reads and writes use.</summary>
    public string ConnectionString { get; }

    /// <summary>As the services' role, what the hosts use (on SQL Server, where the specs run no host, the owner's).</summary>
    public string ServiceConnectionString { get; }

    public ISqlDialect Dialect { get; }

    public Database Database { get; }

    public static string? AdminConnectionString(DatabaseProvider provider) =>
        provider == DatabaseProvider.SqlServer ? TestSettings.SqlServer : TestSettings.Postgres;

    /// <summary>
    /// On the run's server, or (PostgreSQL only) on the server of <paramref name="adminConnectionString"/> with the services'
    /// role's <paramref name="serviceConnectionString"/> (a fault scenario's own cluster).
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrateAndSeed = true, string? adminConnectionString = null,
        string? serviceConnectionString = null)
    {
        var admin = adminConnectionString ?? AdminConnectionString(provider) ?? throw new InvalidOperationException($"No connection string for {provider}.");
        var name = $"dispatch_test_{DateTime.UtcNow:MMddHHmmss}_{Guid.NewGuid():N}"[..40];
        string connectionString;
        if (provider == DatabaseProvider.SqlServer)
        {
            await using var connection = new SqlConnection(admin);
            await connection.ExecuteAsync($"create database [{name}]");
            connectionString = new SqlConnectionStringBuilder(admin) { InitialCatalog = name }.ConnectionString;
            serviceConnectionString = connectionString;
        }
        else
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.ExecuteAsync($"create database \"{name}\"");
            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
            serviceConnectionString = new NpgsqlConnectionStringBuilder(serviceConnectionString ?? TestSettings.PostgresService) { Database = name, Pooling = true }
                .ConnectionString;
        }

        var database = new TestDatabase(provider, admin, name, connectionString, serviceConnectionString);
        if (migrateAndSeed)
        {
            await database.MigrateAsync(seed: true);
        }

        return database;
    }

    public static Database Connect(ISqlDialect dialect, string connectionString) =>
        new(dialect, Options.Create(new DatabaseOptions { Provider = dialect.Provider, ConnectionString = connectionString }));

    public Task MigrateAsync(bool seed)
    {
        var migrator = new SchemaMigrator(Database, TestAuditKeys.Ring, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
        var demo = new DemoSeed(Database, TimeProvider.System, NullLogger<DemoSeed>.Instance);
        return migrator.MigrateAsync(seed ? demo.ApplyAsync : null, CancellationToken.None);
    }

    /// <summary>A database as a release that stopped at migration <paramref name="version"/> left it: the embedded scripts up to it, no more.</summary>
    public async Task MigrateUpToAsync(int version)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("create table schema_versions (version int not null primary key, name varchar(200) not null, applied_at varchar(40) not null)");
        foreach (var migration in SchemaMigrator.Embedded(Dialect).Where(m => m.Version <= version))
        {
            foreach (var batch in Dialect.SplitBatches(migration.Script))
            {
                await connection.ExecuteAsync(batch);
            }

            await connection.ExecuteAsync("insert into schema_versions (version, name, applied_at) values (@Version, @Name, 'test')",
                new { migration.Version, migration.Name });
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"No value from: {sql}");
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.SqlServer)
        {
            SqlConnection.ClearAllPools();
            await using var connection = new SqlConnection(_adminConnectionString);
            await connection.ExecuteAsync($"alter database [{Name}] set single_user with rollback immediate; drop database [{Name}]");
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            // WITH (FORCE) may not terminate an autovacuum worker (a superuser's backend) busy in the database;
            // it exits when cancelled, so the drop is tried again for a little while.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await connection.ExecuteAsync($"drop database if exists \"{Name}\" with (force)");
                    return;
                }
                catch (PostgresException e) when (attempt < 20 && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
                }
            }
        }
    }
}

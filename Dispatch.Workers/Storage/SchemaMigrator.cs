using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Dispatch.Workers.Audit;
using Microsoft.Extensions.Logging;

namespace Dispatch.Workers.Storage;

/// <summary>
/// Applies the embedded, numbered scripts (0001_initial.sql, ...) of the configured dialect that the
/// schema_versions table does not list yet, each in its own transaction. A database-wide lock makes it
/// safe when several processes start at once: the second waits, then finds nothing left to do. Then, still under the lock, it seals
/// the audit rows written before the audit keys existed, once (<see cref="AuditSealing"/>). Migrations run as the tables' owner;
/// the services' role could not run them.
/// </summary>
public sealed partial class SchemaMigrator(Database database, AuditKeyRing keys, TimeProvider clock, ILogger<SchemaMigrator> logger)
{
    private const string CreateVersionTableSql = """
        create table schema_versions (
            version     int           not null primary key,
            name        varchar(200)  not null,
            applied_at  varchar(40)   not null
        )
        """;

    public static IReadOnlyList<Migration> Embedded(ISqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"migrations/{dialect.MigrationFolder}/";
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
                .Select(name => (name, match: ScriptName().Match(name[prefix.Length..])))
                .Where(x => x.match.Success)
                .Select(x => new Migration(int.Parse(x.match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    x.match.Groups["name"].Value, Read(assembly, x.name)))
                .OrderBy(m => m.Version),
        ];
    }

    /// <summary>Brings the schema up to date; then runs <paramref name="afterMigrations"/> (e.g. seeding) still under the lock.</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(
        Func<CancellationToken, Task>? afterMigrations, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        await using var connection = await database.OpenAsync(cancellationToken);
        await dialect.AcquireMigrationLockAsync(connection, cancellationToken);
        try
        {
            if (!await VersionTableExistsAsync(connection, cancellationToken))
            {
                await connection.ExecuteAsync(new CommandDefinition(CreateVersionTableSql, cancellationToken: cancellationToken));
            }

            var applied = (await connection.QueryAsync<int>(new CommandDefinition(
                "select version from schema_versions", cancellationToken: cancellationToken))).ToHashSet();
            var pending = Embedded(dialect).Where(m => !applied.Contains(m.Version)).ToList();
            foreach (var migration in pending)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                foreach (var batch in dialect.SplitBatches(migration.Script))
                {
                    await connection.ExecuteAsync(new CommandDefinition(batch, transaction: transaction,
                        commandTimeout: 600, cancellationToken: cancellationToken));
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into schema_versions (version, name, applied_at) values (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = clock.GetUtcNow().ToString("O") },
                    transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, migration.Version, migration.Name, dialect.Provider);
            }

            if (await AuditSealing.SealOnceAsync(database, keys, clock.GetUtcNow(), cancellationToken))
            {
                LogSealed(logger, keys.SealingKeyId);
            }

            if (afterMigrations is not null)
            {
                await afterMigrations(cancellationToken);
            }

            return pending;
        }
        finally
        {
            await dialect.ReleaseMigrationLockAsync(connection, CancellationToken.None);
        }
    }

    private static async Task<bool> VersionTableExistsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from information_schema.tables where table_name = 'schema_versions'",
            cancellationToken: cancellationToken)) > 0;

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^Migrations/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sealed the audit records written before the audit keys, with key {KeyId}")]
    private static partial void LogSealed(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name} ({Provider})")]
    private static partial void LogApplied(ILogger logger, int version, string name, DatabaseProvider provider);
}

public sealed record Migration(int Version, string Name, string Script);

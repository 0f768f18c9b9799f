using Dispatch.Tests.Support;
using Npgsql;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// A table a spec holds: locked in an open transaction of its own, so that every request reading it waits, however fast the
/// machine, until the spec lets go (disposes the hold, which rolls back). How a spec keeps requests running for as long as it needs.
/// </summary>
public sealed class HeldTable : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private HeldTable(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<HeldTable> HoldAsync(TestDatabase database, string table)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"lock table {table} in access exclusive mode", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new HeldTable(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

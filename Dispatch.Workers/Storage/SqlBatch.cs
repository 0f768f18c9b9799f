using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;

namespace Dispatch.Workers.Storage;

/// <summary>
/// Writes that need no answer, sent to the server in one round trip, in the order they were added. A unit of work that writes a
/// case, its audit row and its outbox rows waits for the network once instead of once per row.
/// Where the driver has ADO.NET batches (<see cref="DbConnection.CanCreateBatch"/>: Npgsql) each statement travels as a command
/// of its own with its own parameters, so the server prepares each text once and reuses it (Npgsql's auto-prepare). Elsewhere
/// (SqlClient 2.1) the statements are joined into one text with each statement's parameters renamed apart (<c>@Id</c> of the
/// third statement travels as <c>@s2_Id</c>), split into as few commands as SQL Server's limit of 2,100 parameters allows.
/// </summary>
public sealed partial class SqlBatch
{
    /// <summary>SQL Server takes at most 2,100 parameters in one request; a joined text stays below that.</summary>
    internal const int MaxParametersPerText = 2_000;

    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();
    private static readonly ConcurrentDictionary<string, string[]> ParameterNames = new(StringComparer.Ordinal);
    private List<Statement> _statements = [];
    private bool _hasList;

    /// <summary>How many statements wait to be sent.</summary>
    public int Count => _statements.Count;

    /// <summary>Adds <paramref name="sql"/> (one statement, Dapper-style <c>@Name</c> parameters read from <paramref name="parameters"/>' properties).</summary>
    public SqlBatch Add(string sql, object? parameters = null)
    {
        var properties = parameters is null
            ? []
            : Properties.GetOrAdd(parameters.GetType(),
                static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name, StringComparer.Ordinal));
        return Add(sql, name => properties.TryGetValue(name, out var property)
            ? (true, property.GetValue(parameters), property.PropertyType)
            : (false, null, typeof(object)));
    }

    /// <summary>Adds <paramref name="sql"/> with parameters by name (for a statement whose parameter list is built, such as a multi-row insert).</summary>
    public SqlBatch Add(string sql, IReadOnlyDictionary<string, object> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Add(sql, name => parameters.TryGetValue(name, out var value) ? (true, value, value.GetType()) : (false, null, typeof(object)));
    }

    private SqlBatch Add(string sql, Func<string, (bool Found, object? Value, Type Type)> lookup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var text = sql.TrimEnd().TrimEnd(';');
        var names = ParameterNames.Count < 10_000
            ? ParameterNames.GetOrAdd(text, NamesIn)
            : ParameterNames.TryGetValue(text, out var cached) ? cached : NamesIn(text);
        var values = new Parameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var (found, value, type) = lookup(names[i]);
            if (!found)
            {
                throw new ArgumentException($"No value for parameter @{names[i]} in: {sql}", nameof(sql));
            }

            _hasList |= value is System.Collections.IEnumerable and not string and not byte[];
            values[i] = new Parameter(names[i], value, value is null ? DbTypeOf(type) : null);
        }

        _statements.Add(new Statement(text, values));
        return this;
    }

    /// <summary>Sends every statement added so far and forgets them; returns the rows they affected together.</summary>
    public async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Count == 0)
        {
            return 0;
        }

        var (statements, hasList) = (_statements, _hasList);
        (_statements, _hasList) = ([], false);

        // A list parameter is expanded by Dapper for SQL Server ("in @Ids"); Npgsql takes it as one array.
        if (connection.CanCreateBatch && (!hasList || connection is Npgsql.NpgsqlConnection))
        {
            return await ExecuteBatchAsync(connection, transaction, statements, cancellationToken);
        }

        return await ExecuteJoinedAsync(connection, transaction, statements, cancellationToken);
    }

    /// <summary>Sends the statements as joined texts whatever the driver offers (the path SqlClient 2.1 takes; for the storage specs).</summary>
    internal Task<int> ExecuteJoinedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var statements = _statements;
        (_statements, _hasList) = ([], false);
        return ExecuteJoinedAsync(connection, transaction, statements, cancellationToken);
    }

    private static async Task<int> ExecuteJoinedAsync(DbConnection connection, DbTransaction transaction, List<Statement> statements,
        CancellationToken cancellationToken)
    {
        var affected = 0;
        foreach (var (text, parameters) in Join(statements, MaxParametersPerText))
        {
            affected += await connection.ExecuteAsync(new CommandDefinition(text, parameters, transaction, cancellationToken: cancellationToken));
        }

        return affected;
    }

    /// <summary>The statements as the text path would send them (for diagnostics).</summary>
    public override string ToString() => string.Concat(Join(_statements, int.MaxValue).Select(c => c.Text));

    /// <summary>The statements joined into as few texts as keep each under <paramref name="maxParameters"/> parameters.</summary>
    internal static IEnumerable<(string Text, DynamicParameters Parameters)> Join(IReadOnlyList<Statement> statements, int maxParameters)
    {
        var text = new StringBuilder();
        var parameters = new DynamicParameters();
        var count = 0;
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            if (count > 0 && count + statement.Parameters.Length > maxParameters)
            {
                yield return (text.ToString(), parameters);
                (text, parameters, count) = (new StringBuilder(), new DynamicParameters(), 0);
            }

            var prefix = $"s{i}_";
            text.Append(ParameterName().Replace(statement.Sql, match => "@" + prefix + match.Groups[1].Value)).Append(";\n");
            foreach (var parameter in statement.Parameters)
            {
                parameters.Add(prefix + parameter.Name, parameter.Value, parameter.NullType);
            }

            count += statement.Parameters.Length;
        }

        if (text.Length > 0)
        {
            yield return (text.ToString(), parameters);
        }
    }

    /// <summary>The texts the text path sends for this batch's statements, at most <paramref name="maxParameters"/> parameters each.</summary>
    internal IReadOnlyList<string> Texts(int maxParameters) => [.. Join(_statements, maxParameters).Select(c => c.Text)];

    private static async Task<int> ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, List<Statement> statements,
        CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, value, nullType) in statement.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                // As Dapper sends them: an enum as its number, a null as DBNull with its column's type.
                parameter.Value = value switch
                {
                    null => DBNull.Value,
                    Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), System.Globalization.CultureInfo.InvariantCulture),
                    _ => value,
                };
                if (value is null && nullType is { } type)
                {
                    parameter.DbType = type;
                }

                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string[] NamesIn(string sql) =>
        [.. ParameterName().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    internal readonly record struct Parameter(string Name, object? Value, DbType? NullType);

    internal sealed record Statement(string Sql, Parameter[] Parameters);

    /// <summary>A null travels with its column's type, as Dapper sends it for an anonymous object's property of that type.</summary>
    private static DbType? DbTypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => DbType.String,
        var t when t == typeof(Guid) => DbType.Guid,
        var t when t == typeof(DateTimeOffset) => DbType.DateTimeOffset,
        var t when t == typeof(DateTime) => DbType.DateTime,
        var t when t == typeof(DateOnly) => DbType.Date,
        var t when t == typeof(int) => DbType.Int32,
        var t when t == typeof(long) => DbType.Int64,
        var t when t == typeof(short) => DbType.Int16,
        var t when t == typeof(bool) => DbType.Boolean,
        var t when t == typeof(double) => DbType.Double,
        var t when t == typeof(decimal) => DbType.Decimal,
        var t when t == typeof(byte[]) => DbType.Binary,
        _ => null,
    };

    // @Name not preceded by a word character or another @ (so neither e-mail-like text nor @@ROWCOUNT is a parameter).
    [GeneratedRegex(@"(?<![\w@])@([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}

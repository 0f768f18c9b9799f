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
    private List<Item> _items = [];
    private Dictionary<RowInsert, Rows> _rows = [];
    private bool _hasList;
    private List<object>? _afterCommit;

    /// <summary>How many statements wait to be sent (the rows of one <see cref="RowInsert"/> count as one).</summary>
    public int Count => _items.Count;

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
        // Statement texts are constants, so the cache stays small; its bound guards against texts built with values in them.
        // (Count takes every lock of the dictionary: it is read on a miss only.)
        if (!ParameterNames.TryGetValue(text, out var names))
        {
            names = NamesIn(text);
            if (ParameterNames.Count < 10_000)
            {
                ParameterNames.TryAdd(text, names);
            }
        }

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

        _items.Add(new Statement(text, values));
        return this;
    }

    /// <summary>
    /// Adds a row to <paramref name="insert"/>, its values in the order of its columns. All the rows a batch holds for one insert
    /// are inserted together, where the first of them was added, in the order they were added; nothing else in the batch may
    /// depend on their absence in between (they are append-only rows: audit, outbox).
    /// </summary>
    public SqlBatch Insert(RowInsert insert, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(insert);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != insert.Columns.Count)
        {
            throw new ArgumentException($"{insert.Table} takes {insert.Columns.Count} values, not {values.Length}.", nameof(values));
        }

        for (var c = 0; c < values.Length; c++)
        {
            var type = insert.Columns[c].Type;
            // A null in an array of a non-nullable value type would silently become its default (Guid.Empty, 0).
            if (values[c] is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null)
            {
                throw new ArgumentException($"{insert.Table}.{insert.Columns[c].Name} is declared {type.Name}, not nullable, but got null.", nameof(values));
            }
        }

        if (!_rows.TryGetValue(insert, out var rows))
        {
            _rows[insert] = rows = new Rows(insert, []);
            _items.Add(rows);
        }

        rows.Values.Add(values);
        return this;
    }

    /// <summary>
    /// Something to hand on once the transaction these writes go out in has committed (see <see cref="Database.InTransactionAsync"/>):
    /// it is handed on only if the batch was sent, and only when that transaction commits.
    /// </summary>
    public SqlBatch AfterCommit(object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        (_afterCommit ??= []).Add(item);
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

        var (items, hasList, afterCommit) = Take();
        // A list parameter is expanded by Dapper for SQL Server ("in @Ids"); Npgsql takes it as one array.
        var affected = connection.CanCreateBatch && (!hasList || connection is Npgsql.NpgsqlConnection)
            ? await ExecuteBatchAsync(connection, transaction, Render(items, arrays: connection is Npgsql.NpgsqlConnection), cancellationToken)
            : await ExecuteJoinedAsync(connection, transaction, Render(items, arrays: false), cancellationToken);
        Database.HandOnAfterCommit(afterCommit);
        return affected;
    }

    /// <summary>Sends the statements as joined texts whatever the driver offers (the path SqlClient 2.1 takes; for the storage specs).</summary>
    internal async Task<int> ExecuteJoinedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var (items, _, afterCommit) = Take();
        var affected = await ExecuteJoinedAsync(connection, transaction, Render(items, arrays: false), cancellationToken);
        Database.HandOnAfterCommit(afterCommit);
        return affected;
    }

    private (List<Item> Items, bool HasList, List<object>? AfterCommit) Take()
    {
        var taken = (_items, _hasList, _afterCommit);
        (_items, _rows, _hasList, _afterCommit) = ([], [], false, null);
        return taken;
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
    public override string ToString() => string.Concat(Join(Render(_items, arrays: false), int.MaxValue).Select(c => c.Text));

    /// <summary>
    /// The batch's items as statements: a <see cref="RowInsert"/>'s rows as one statement over column arrays (<paramref name="arrays"/>:
    /// PostgreSQL), else as multi-row VALUES lists within SQL Server's limits.
    /// </summary>
    private static List<Statement> Render(List<Item> items, bool arrays)
    {
        var statements = new List<Statement>(items.Count);
        foreach (var item in items)
        {
            switch (item)
            {
                case Statement statement:
                    statements.Add(statement);
                    break;
                case Rows { Insert: var insert, Values: var rows } when arrays:
                    statements.Add(new Statement(insert.ArraysSql, [.. insert.Columns.Select((column, c) =>
                    {
                        var array = Array.CreateInstance(column.Type, rows.Count);
                        for (var r = 0; r < rows.Count; r++)
                        {
                            array.SetValue(rows[r][c], r);
                        }

                        return new Parameter(column.Name, array, null);
                    })]));
                    break;
                case Rows { Insert: var insert, Values: var rows }:
                    var perStatement = Math.Min(1_000, MaxParametersPerText / insert.Columns.Count);
                    foreach (var chunk in rows.Chunk(perStatement))
                    {
                        statements.Add(new Statement(insert.ValuesSql(chunk.Length), [.. chunk.SelectMany((row, r) => insert.Columns.Select((column, c) =>
                            new Parameter($"{column.Name}_{r}", row[c], row[c] is null ? DbTypeOf(column.Type) : null)))]));
                    }

                    break;
            }
        }

        return statements;
    }

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
    internal IReadOnlyList<string> Texts(int maxParameters) => [.. Join(Render(_items, arrays: false), maxParameters).Select(c => c.Text)];

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
                // A null travels as DBNull with its column's type, as Dapper sends it.
                parameter.Value = value ?? DBNull.Value;
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

    internal abstract record Item;

    internal sealed record Statement(string Sql, Parameter[] Parameters) : Item;

    private sealed record Rows(RowInsert Insert, List<object?[]> Values) : Item;

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

/// <summary>
/// An insert of append-only rows that a <see cref="SqlBatch"/> sends for all its rows at once: on PostgreSQL one statement over
/// column arrays (<c>unnest</c>: one constant text whatever the row count, so it is prepared once), elsewhere multi-row VALUES
/// lists. Declare one per table as a static field: a batch groups rows by instance.
/// </summary>
public sealed class RowInsert
{
    public RowInsert(string table, params (string Name, Type Type)[] columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("An insert needs at least one column.", nameof(columns));
        }

        Table = table;
        Columns = columns;
        var names = string.Join(", ", columns.Select(c => c.Name));
        // "with ordinality ... order by": the rows take their identity values in the order they were added.
        ArraysSql = $"insert into {table} ({names}) select {names} from unnest({string.Join(", ", columns.Select(c => "@" + c.Name))}) " +
            $"with ordinality as u({names}, row_order) order by row_order";
    }

    public string Table { get; }

    public IReadOnlyList<(string Name, Type Type)> Columns { get; }

    internal string ArraysSql { get; }

    internal string ValuesSql(int rows) =>
        $"insert into {Table} ({string.Join(", ", Columns.Select(c => c.Name))}) values " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => $"({string.Join(", ", Columns.Select(c => $"@{c.Name}_{r}"))})"));
}

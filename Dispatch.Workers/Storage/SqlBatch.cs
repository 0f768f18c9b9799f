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
/// Where the driver has ADO.NET batches (<see cref="DbConnection.CanCreateBatch"/>: Npgsql, SqlClient 5+) each statement travels
/// as a command of its own with its own parameters, so the server prepares each text once and reuses it (Npgsql's auto-prepare;
/// on SQL Server each command is an <c>sp_executesql</c> call of its own, its plan cached by text and parameter declarations).
/// Without them the statements are joined into one text with each statement's parameters renamed apart (<c>@Id</c> of the third
/// statement travels as <c>@s2_Id</c>), split into as few commands as SQL Server's limit of 2,100 parameters allows.
/// A list parameter travels as one array on PostgreSQL; elsewhere it is spread into one parameter per element, as Dapper would
/// spread it, but here, so that the limit counts what is really sent.
/// </summary>
public sealed partial class SqlBatch
{
    /// <summary>
    /// SQL Server takes at most 2,100 parameters in one <c>sp_executesql</c> call, two of them its own (the text and the
    /// declarations): a joined text, and a row insert's VALUES list, stay below that. A driver batch's commands are calls of
    /// their own, so there the limit is per statement.
    /// </summary>
    internal const int MaxParametersPerText = 2_000;

    /// <summary>Dapper declares a string of up to 4,000 characters as <c>nvarchar(4000)</c>; see <see cref="CreateBatch"/>.</summary>
    private const int StringSize = 4_000;

    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();
    private static readonly ConcurrentDictionary<string, string[]> ParameterNames = new(StringComparer.Ordinal);
    private List<Item> _items = [];
    private Dictionary<RowInsert, Rows> _rows = [];
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

        var (items, afterCommit) = Take();
        var arrays = TakesArrays(connection);
        var statements = Render(items, arrays, spreadLists: !arrays);
        var affected = connection.CanCreateBatch
            ? await ExecuteBatchAsync(connection, transaction, statements, cancellationToken)
            : await ExecuteJoinedAsync(connection, transaction, statements, cancellationToken);
        Database.HandOnAfterCommit(afterCommit);
        return affected;
    }

    /// <summary>
    /// Sends the statements as joined texts whatever the driver offers (the path a driver without batches takes; for the storage
    /// specs). A list stays an array on Npgsql, which Dapper passes whole.
    /// </summary>
    internal async Task<int> ExecuteJoinedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var (items, afterCommit) = Take();
        var affected = await ExecuteJoinedAsync(connection, transaction, Render(items, arrays: false, spreadLists: !TakesArrays(connection)),
            cancellationToken);
        Database.HandOnAfterCommit(afterCommit);
        return affected;
    }

    /// <summary>The driver batch that <see cref="ExecuteAsync"/> would send on <paramref name="connection"/> (for the specs).</summary>
    internal DbBatch ToBatch(DbConnection connection) =>
        CreateBatch(connection, null, Render(_items, TakesArrays(connection), spreadLists: !TakesArrays(connection)));

    private static bool TakesArrays(DbConnection connection) => connection is Npgsql.NpgsqlConnection;

    private (List<Item> Items, List<object>? AfterCommit) Take()
    {
        var taken = (_items, _afterCommit);
        (_items, _rows, _afterCommit) = ([], [], null);
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
    public override string ToString() => string.Concat(Join(Render(_items, arrays: false, spreadLists: true), int.MaxValue).Select(c => c.Text));

    /// <summary>
    /// The batch's items as statements: a <see cref="RowInsert"/>'s rows as one statement over column arrays (<paramref name="arrays"/>:
    /// PostgreSQL), else as multi-row VALUES lists within SQL Server's limits; a list parameter spread into one parameter per element
    /// where <paramref name="spreadLists"/>.
    /// </summary>
    private static List<Statement> Render(List<Item> items, bool arrays, bool spreadLists)
    {
        var statements = new List<Statement>(items.Count);
        foreach (var item in items)
        {
            switch (item)
            {
                case Statement statement:
                    statements.Add(spreadLists ? SpreadLists(statement) : statement);
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

    /// <summary>
    /// <paramref name="statement"/> with each list parameter spread into one parameter per element (<c>in @Ids</c> becomes
    /// <c>in (@Ids__0, @Ids__1)</c>), as Dapper spreads it for SQL Server, so that a text's parameter count is what is sent.
    /// </summary>
    private static Statement SpreadLists(Statement statement)
    {
        if (!statement.Parameters.Any(p => IsList(p.Value)))
        {
            return statement;
        }

        var parameters = new List<Parameter>(statement.Parameters.Length);
        var lists = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in statement.Parameters)
        {
            if (!IsList(parameter.Value))
            {
                parameters.Add(parameter);
                continue;
            }

            var elementType = ElementType(parameter.Value!.GetType());
            var names = new List<string>();
            foreach (var element in (System.Collections.IEnumerable)parameter.Value)
            {
                var name = $"{parameter.Name}__{names.Count}";
                names.Add("@" + name);
                parameters.Add(new Parameter(name, element, element is null ? DbTypeOf(elementType) : null));
            }

            // SQL Server has no empty "in ()"; this matches nothing, as Dapper's spreading of an empty list does.
            lists[parameter.Name] = names.Count == 0 ? "(select null where 1 = 0)" : $"({string.Join(", ", names)})";
        }

        return new Statement(ParameterName().Replace(statement.Sql, m => lists.GetValueOrDefault(m.Groups[1].Value, m.Value)), [.. parameters]);
    }

    private static bool IsList(object? value) => value is System.Collections.IEnumerable and not string and not byte[];

    private static Type ElementType(Type list) =>
        list.GetElementType()
        ?? list.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
        ?? typeof(object);

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
    internal IReadOnlyList<string> Texts(int maxParameters) => [.. Join(Render(_items, arrays: false, spreadLists: true), maxParameters).Select(c => c.Text)];

    private static async Task<int> ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, List<Statement> statements,
        CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(connection, transaction, statements);
        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbBatch CreateBatch(DbConnection connection, DbTransaction? transaction, List<Statement> statements)
    {
        // SqlClient declares a string parameter by its value's length (nvarchar(5), nvarchar(6), ...), and SQL Server caches a
        // plan per declaration: one text would get a plan per length of its values. Dapper declares nvarchar(4000) up to 4,000
        // characters (longer ones become nvarchar(max)); sized the same, the batch's statements get one plan each, shared with
        // what Dapper sends. Npgsql's statement types do not depend on a string's size.
        var sizeStrings = !TakesArrays(connection);
        var batch = connection.CreateBatch();
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

                if (sizeStrings && value is string { Length: <= StringSize })
                {
                    parameter.Size = StringSize;
                }

                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
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

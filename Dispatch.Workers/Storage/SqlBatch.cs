using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;

namespace Dispatch.Workers.Storage;

/// <summary>
/// Writes that need no answer, sent to the server in one round trip: each statement keeps its own text and parameters (renamed
/// apart, <c>@Id</c> of the third statement travels as <c>@s2_Id</c>), and they run in the order they were added. A unit of
/// work that writes a case, its audit row and its outbox rows waits for the network once instead of once per row.
/// Both dialects take several statements in one command (Npgsql splits them into a batch; SQL Server runs them as one batch).
/// </summary>
public sealed partial class SqlBatch
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();
    private readonly StringBuilder _sql = new();
    private DynamicParameters _parameters = new();

    /// <summary>How many statements wait to be sent.</summary>
    public int Count { get; private set; }

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
        var prefix = $"s{Count}_";
        var values = new Dictionary<string, (object? Value, Type Type)>(StringComparer.Ordinal);
        var renamed = ParameterName().Replace(sql, match =>
        {
            var name = match.Groups[1].Value;
            if (!values.ContainsKey(name))
            {
                var (found, value, type) = lookup(name);
                values[name] = found ? (value, type) : throw new ArgumentException($"No value for parameter @{name} in: {sql}", nameof(sql));
            }

            return "@" + prefix + name;
        });
        foreach (var (name, (value, type)) in values)
        {
            _parameters.Add(prefix + name, value, value is null ? DbTypeOf(type) : null);
        }

        _sql.Append(renamed.TrimEnd().TrimEnd(';')).Append(";\n");
        Count++;
        return this;
    }

    /// <summary>Sends every statement added so far in one command and forgets them; returns the rows they affected together.</summary>
    public async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Count == 0)
        {
            return 0;
        }

        var affected = await connection.ExecuteAsync(new CommandDefinition(_sql.ToString(), _parameters, transaction, cancellationToken: cancellationToken));
        _sql.Clear();
        _parameters = new DynamicParameters();
        Count = 0;
        return affected;
    }

    /// <summary>The command text as it will be sent (for diagnostics).</summary>
    public override string ToString() => _sql.ToString();

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

using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Dispatch.Tests.Support.SqlServerCheck;

/// <summary>
/// The tables, their columns and the sequences that the SQL Server migrations create, as <see cref="TSqlCheck"/> applies them
/// statement by statement (CREATE TABLE, ALTER TABLE ADD/DROP, CREATE SEQUENCE). Names compare as SQL Server's default collation
/// does: case-insensitively.
/// </summary>
internal sealed class SqlServerSchema
{
    private readonly Dictionary<string, HashSet<string>> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _sequences = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Tables => _tables.Keys;

    public IReadOnlySet<string>? ColumnsOf(string table) => _tables.GetValueOrDefault(table);

    public bool HasSequence(string name) => _sequences.Contains(name);

    public void Apply(CreateTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        _tables[statement.SchemaObjectName.BaseIdentifier.Value] =
            statement.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public void Apply(AlterTableAddTableElementStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (_tables.TryGetValue(statement.SchemaObjectName.BaseIdentifier.Value, out var columns))
        {
            columns.UnionWith(statement.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
        }
    }

    public void Apply(AlterTableDropTableElementStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (_tables.TryGetValue(statement.SchemaObjectName.BaseIdentifier.Value, out var columns))
        {
            columns.ExceptWith(statement.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column).Select(e => e.Name.Value));
        }
    }

    public void Apply(CreateSequenceStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        _sequences.Add(statement.Name.BaseIdentifier.Value);
    }

    /// <summary>
    /// The schema the migrations build, each migration statement checked on the way against the schema as it stood then; starts from
    /// the version table <see cref="SchemaMigrator"/> creates before the first migration. The migrations' problems go to
    /// <paramref name="problems"/> (which migration, which batch).
    /// </summary>
    public static SqlServerSchema FromMigrations(IReadOnlyList<MigrationBatch> batches, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(problems);
        var schema = new SqlServerSchema();
        foreach (var problem in TSqlCheck.Problems(SqlServerStatements.VersionTableSql, schema))
        {
            problems.Add($"SchemaMigrator's version table: {problem}");
        }

        foreach (var batch in batches)
        {
            problems.AddRange(TSqlCheck.Problems(batch.Text, schema).Select(p => $"{batch.Origin}: {p}"));
        }

        return schema;
    }
}

/// <summary>One batch of a migration, as <see cref="SqlServerDialect.SplitBatches"/> cuts it for the server.</summary>
internal sealed record MigrationBatch(string Origin, string Text);

using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Dispatch.Tests.Support.SqlServerCheck;

/// <summary>
/// What can be known of a SQL Server text without a server: whether SQL Server 2022's grammar (<see cref="TSql160Parser"/>) takes it,
/// and whether every table, column and sequence it names exists in <see cref="SqlServerSchema"/>. Types, permissions, plans and
/// everything the server decides at run time are not checked here.
/// </summary>
internal static partial class TSqlCheck
{
    /// <summary>The problems of <paramref name="text"/> against <paramref name="schema"/>, each naming the line it is on; none when it is sound.</summary>
    public static IReadOnlyList<string> Problems(string text, SqlServerSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (script, errors) = Parse(text);
        if (errors.Count > 0)
        {
            return errors;
        }

        var names = new NameResolution(schema);
        foreach (var statement in script!.Batches.SelectMany(b => b.Statements))
        {
            statement.Accept(names);
        }

        return names.Problems;
    }

    /// <summary>
    /// The problems of every text (as Dapper sends it: <see cref="ExpandLists"/>), each as "where it is sent from: problem", followed
    /// by the text.
    /// </summary>
    public static IReadOnlyList<string> Problems(IEnumerable<SqlText> texts, SqlServerSchema schema) =>
    [
        .. texts.SelectMany(t => Problems(ExpandLists(t.Text), schema).Select(p => $"{t.Origin}: {p}\n{Indent(t.Text)}")),
    ];

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(line => "    | " + line.TrimEnd()));

    /// <summary>Parses <paramref name="text"/>; the parse errors as "line L, column C: message".</summary>
    public static (TSqlScript? Script, IReadOnlyList<string> Errors) Parse(string text)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(text);
        var fragment = parser.Parse(reader, out var errors);
        return (fragment as TSqlScript,
            [.. errors.Select(e => $"parse error at line {e.Line}, column {e.Column}: {e.Message} (error {e.Number})")]);
    }

    /// <summary>
    /// The text as Dapper sends it to SQL Server: a list parameter written <c>in @Ids</c> becomes <c>in (@Ids1, @Ids2)</c>
    /// (Dapper expands an enumerable parameter into one parameter per element; the texts say which are lists by the <c>in</c>).
    /// </summary>
    public static string ExpandLists(string text)
    {
        var lists = ListParameter().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return lists.Count == 0
            ? text
            : Parameter().Replace(text, m => lists.Contains(m.Groups[1].Value) ? $"(@{m.Groups[1].Value}1, @{m.Groups[1].Value}2)" : m.Value);
    }

    [GeneratedRegex(@"(?i)\bin\s+@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ListParameter();

    [GeneratedRegex(@"(?<![\w@])@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Parameter();

    /// <summary>
    /// Resolves each column reference against the tables in scope: the FROM of its query and of the queries around it (correlated
    /// subqueries), derived tables and common table expressions by their output columns, a query's own column aliases (ORDER BY),
    /// <c>inserted</c>/<c>deleted</c> in OUTPUT clauses and triggers. The system catalog (<c>sys.*</c>, <c>information_schema.*</c>)
    /// is not modelled: any column of it passes.
    /// </summary>
    private sealed class NameResolution(SqlServerSchema schema) : TSqlFragmentVisitor
    {
        private readonly List<Scope> _scopes = [];
        private readonly Dictionary<string, IReadOnlySet<string>?> _ctes = new(StringComparer.OrdinalIgnoreCase);
        private IReadOnlySet<string>? _mergeTarget;

        public List<string> Problems { get; } = [];

        // Common table expressions, for the statement that declares them.
        public override void ExplicitVisit(SelectStatement node) => WithCtes(node, () => base.ExplicitVisit(node));

        public override void ExplicitVisit(InsertStatement node) => WithCtes(node, () => base.ExplicitVisit(node));

        public override void ExplicitVisit(UpdateStatement node) => WithCtes(node, () => base.ExplicitVisit(node));

        public override void ExplicitVisit(DeleteStatement node) => WithCtes(node, () => base.ExplicitVisit(node));

        public override void ExplicitVisit(MergeStatement node) => WithCtes(node, () => base.ExplicitVisit(node));

        public override void ExplicitVisit(QuerySpecification node)
        {
            var scope = new Scope();
            foreach (var table in node.FromClause?.TableReferences ?? [])
            {
                Add(table, scope);
            }

            foreach (var element in node.SelectElements.OfType<SelectScalarExpression>())
            {
                if (element.ColumnName?.Value is { } alias)
                {
                    scope.OutputAliases.Add(alias);
                }
            }

            Within(scope, () => base.ExplicitVisit(node));
        }

        public override void ExplicitVisit(UpdateSpecification node) =>
            Within(ModificationScope(node.Target, node.FromClause), () => base.ExplicitVisit(node));

        public override void ExplicitVisit(DeleteSpecification node) =>
            Within(ModificationScope(node.Target, node.FromClause), () => base.ExplicitVisit(node));

        public override void ExplicitVisit(InsertSpecification node)
        {
            var target = TableColumns(node.Target);
            CheckTargetColumns(node.Columns, target);
            node.TopRowFilter?.Accept(this);
            node.InsertSource?.Accept(this);
            var pseudo = new Scope();
            pseudo.AddSource("inserted", target);
            Within(pseudo, () =>
            {
                node.OutputClause?.Accept(this);
                node.OutputIntoClause?.Accept(this);
            });
        }

        public override void ExplicitVisit(MergeSpecification node)
        {
            var scope = new Scope();
            var target = TableColumns(node.Target);
            var name = (node.Target as NamedTableReference)?.SchemaObject.BaseIdentifier.Value ?? "target";
            scope.AddSource(node.TableAlias?.Value ?? (node.Target as NamedTableReference)?.Alias?.Value ?? name, target, name);
            scope.AddSource("inserted", target);
            scope.AddSource("deleted", target);
            Add(node.TableReference, scope);
            var outer = _mergeTarget;
            _mergeTarget = target;
            Within(scope, () => base.ExplicitVisit(node));
            _mergeTarget = outer;
        }

        public override void ExplicitVisit(InsertMergeAction node)
        {
            CheckTargetColumns(node.Columns, _mergeTarget);
            node.Source?.Accept(this);
        }

        public override void ExplicitVisit(CreateTableStatement node)
        {
            schema.Apply(node);
            var scope = new Scope();
            scope.AddSource(node.SchemaObjectName.BaseIdentifier.Value, schema.ColumnsOf(node.SchemaObjectName.BaseIdentifier.Value));
            Within(scope, () => base.ExplicitVisit(node));
        }

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            var table = node.SchemaObjectName.BaseIdentifier.Value;
            RequireTable(table, node);
            schema.Apply(node);
            var scope = new Scope();
            scope.AddSource(table, schema.ColumnsOf(table));
            Within(scope, () => base.ExplicitVisit(node));
        }

        public override void ExplicitVisit(AlterTableDropTableElementStatement node)
        {
            RequireTable(node.SchemaObjectName.BaseIdentifier.Value, node);
            schema.Apply(node);
        }

        public override void ExplicitVisit(CreateSequenceStatement node) => schema.Apply(node);

        public override void ExplicitVisit(CreateIndexStatement node)
        {
            var table = node.OnName.BaseIdentifier.Value;
            var scope = new Scope();
            scope.AddSource(table, RequireTable(table, node));
            Within(scope, () => base.ExplicitVisit(node));
        }

        public override void ExplicitVisit(DropIndexClause node) => RequireTable(node.Object.BaseIdentifier.Value, node);

        public override void ExplicitVisit(CreateTriggerStatement node)
        {
            var columns = RequireTable(node.TriggerObject.Name.BaseIdentifier.Value, node);
            var scope = new Scope();
            scope.AddSource("inserted", columns);
            scope.AddSource("deleted", columns);
            Within(scope, () => base.ExplicitVisit(node));
        }

        public override void ExplicitVisit(SecurityTargetObject node)
        {
            if (node.ObjectKind == SecurityObjectKind.Object && node.ObjectName?.MultiPartIdentifier.Identifiers is [.., var table])
            {
                RequireTable(table.Value, node);
            }
        }

        public override void ExplicitVisit(ForeignKeyConstraintDefinition node)
        {
            var referenced = RequireTable(node.ReferenceTableName.BaseIdentifier.Value, node);
            foreach (var column in node.ReferencedTableColumns)
            {
                if (referenced is not null && !referenced.Contains(column.Value))
                {
                    Problem(node, $"the foreign key refers to {node.ReferenceTableName.BaseIdentifier.Value}.{column.Value}, which does not exist");
                }
            }

            foreach (var column in node.Columns)
            {
                ResolveColumn([column.Value], node);
            }
        }

        public override void ExplicitVisit(NextValueForExpression node)
        {
            if (!schema.HasSequence(node.SequenceName.BaseIdentifier.Value))
            {
                Problem(node, $"no sequence {node.SequenceName.BaseIdentifier.Value} in the migrations");
            }

            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(ColumnReferenceExpression node)
        {
            if (node.ColumnType == ColumnType.Regular && node.MultiPartIdentifier is { } name)
            {
                ResolveColumn([.. name.Identifiers.Select(i => i.Value)], node);
            }
        }

        private void ResolveColumn(IReadOnlyList<string> parts, TSqlFragment node)
        {
            var column = parts[^1];
            if (parts.Count == 1)
            {
                if (!_scopes.Any(s => s.OutputAliases.Contains(column) || s.Sources.Any(source => source.Columns is null || source.Columns.Contains(column))))
                {
                    Problem(node, $"column {column} is in none of the tables in scope ({string.Join(", ", _scopes.SelectMany(s => s.Sources).Select(s => s.Name))})");
                }

                return;
            }

            var qualifier = parts[^2];
            var source = Enumerable.Reverse(_scopes).Select(s => s.Find(qualifier)).FirstOrDefault(s => s is not null);
            if (source is null)
            {
                Problem(node, $"{qualifier}.{column}: no table or alias {qualifier} in scope");
            }
            else if (source.Columns is not null && !source.Columns.Contains(column))
            {
                Problem(node, $"{qualifier}.{column}: {source.Table} has no column {column}");
            }
        }

        private Scope ModificationScope(TableReference target, FromClause? from)
        {
            var scope = new Scope();
            foreach (var table in from?.TableReferences ?? [])
            {
                Add(table, scope);
            }

            // UPDATE x SET ... FROM t x: the target is an alias of the FROM.
            var targetName = (target as NamedTableReference)?.SchemaObject.BaseIdentifier.Value;
            var columns = targetName is not null && scope.Find(targetName) is { } aliased ? aliased.Columns : TableColumns(target);
            if (targetName is null || scope.Find(targetName) is null)
            {
                Add(target, scope);
            }

            scope.AddSource("inserted", columns);
            scope.AddSource("deleted", columns);
            return scope;
        }

        private void CheckTargetColumns(IList<ColumnReferenceExpression> columns, IReadOnlySet<string>? target)
        {
            foreach (var column in columns)
            {
                var name = column.MultiPartIdentifier.Identifiers[^1].Value;
                if (target is not null && !target.Contains(name))
                {
                    Problem(column, $"the target table has no column {name}");
                }
            }
        }

        private IReadOnlySet<string>? TableColumns(TableReference reference) =>
            reference is NamedTableReference named && !IsSystem(named.SchemaObject)
                ? RequireTable(named.SchemaObject.BaseIdentifier.Value, named)
                : null;

        private void Add(TableReference reference, Scope scope)
        {
            switch (reference)
            {
                case NamedTableReference named:
                    var name = named.SchemaObject.BaseIdentifier.Value;
                    var alias = named.Alias?.Value ?? name;
                    if (IsSystem(named.SchemaObject))
                    {
                        scope.AddSource(alias, null);
                    }
                    else if (named.SchemaObject.SchemaIdentifier is null && _ctes.TryGetValue(name, out var cte))
                    {
                        scope.AddSource(alias, cte, $"common table expression {name}");
                    }
                    else
                    {
                        scope.AddSource(alias, RequireTable(name, named), name);
                    }

                    break;
                case QueryDerivedTable derived:
                    scope.AddSource(derived.Alias?.Value ?? "(derived)",
                        derived.Columns.Count > 0 ? derived.Columns.Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase) : OutputColumns(derived.QueryExpression),
                        $"derived table {derived.Alias?.Value}");
                    break;
                case InlineDerivedTable values:
                    scope.AddSource(values.Alias?.Value ?? "(values)",
                        values.Columns.Count > 0 ? values.Columns.Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase) : null);
                    break;
                case JoinTableReference join:
                    Add(join.FirstTableReference, scope);
                    Add(join.SecondTableReference, scope);
                    break;
                case JoinParenthesisTableReference parenthesis:
                    Add(parenthesis.Join, scope);
                    break;
                default:
                    Problem(reference, $"a table reference of a kind the check does not model ({reference.GetType().Name})");
                    break;
            }
        }

        /// <summary>The columns a query yields (null when it selects *: anything may be asked of it).</summary>
        private static HashSet<string>? OutputColumns(QueryExpression query) => query switch
        {
            QuerySpecification spec when spec.SelectElements.All(e => e is SelectScalarExpression) =>
                spec.SelectElements.Cast<SelectScalarExpression>()
                    .Select(e => e.ColumnName?.Value ?? (e.Expression as ColumnReferenceExpression)?.MultiPartIdentifier?.Identifiers[^1].Value)
                    .OfType<string>()
                    .ToHashSet(StringComparer.OrdinalIgnoreCase),
            BinaryQueryExpression union => OutputColumns(union.FirstQueryExpression),
            QueryParenthesisExpression parenthesis => OutputColumns(parenthesis.QueryExpression),
            _ => null,
        };

        private static bool IsSystem(SchemaObjectName name) =>
            name.SchemaIdentifier?.Value is { } schemaName
            && (schemaName.Equals("sys", StringComparison.OrdinalIgnoreCase) || schemaName.Equals("information_schema", StringComparison.OrdinalIgnoreCase));

        private IReadOnlySet<string>? RequireTable(string table, TSqlFragment node)
        {
            var columns = schema.ColumnsOf(table);
            if (columns is null)
            {
                Problem(node, $"no table {table} in the migrations");
            }

            return columns;
        }

        private void WithCtes(StatementWithCtesAndXmlNamespaces node, Action visit)
        {
            var declared = node.WithCtesAndXmlNamespaces?.CommonTableExpressions ?? [];
            foreach (var cte in declared)
            {
                _ctes[cte.ExpressionName.Value] = cte.Columns.Count > 0
                    ? cte.Columns.Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase)
                    : OutputColumns(cte.QueryExpression);
            }

            visit();
            foreach (var cte in declared)
            {
                _ctes.Remove(cte.ExpressionName.Value);
            }
        }

        private void Within(Scope scope, Action visit)
        {
            _scopes.Add(scope);
            try
            {
                visit();
            }
            finally
            {
                _scopes.RemoveAt(_scopes.Count - 1);
            }
        }

        private void Problem(TSqlFragment node, string problem) => Problems.Add($"line {node.StartLine}: {problem}");
    }

    private sealed class Scope
    {
        public List<Source> Sources { get; } = [];

        public HashSet<string> OutputAliases { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void AddSource(string name, IReadOnlySet<string>? columns, string? table = null) => Sources.Add(new Source(name, table ?? name, columns));

        public Source? Find(string name) => Sources.LastOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A table, alias or derived table in a FROM (<see cref="Table"/> says which); <see cref="Columns"/> null when any column passes.</summary>
    private sealed record Source(string Name, string Table, IReadOnlySet<string>? Columns);
}

using System.Text.RegularExpressions;
using Dispatch.Tests.Support.SqlServerCheck;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Unit;

/// <summary>
/// The SQL Server dialect, checked without a server: every migration batch and every text the dialect sends at run time parses as
/// SQL Server 2022 T-SQL, and names only tables, columns and sequences the migrations create. What this cannot prove (types,
/// permissions, locking, plans, results) only the storage specs against a real server do (DISPATCH_TEST_SQLSERVER).
/// </summary>
[Category("Unit")]
public sealed partial class SqlServerStatementSpecs
{
    // Lower bounds, so that a collector that silently finds less fails instead of checking nothing. Migrations are only ever added;
    // the others are what the collector found when these specs were written (raise them when SQL is added, lower them only when SQL
    // is removed).
    private const int MigrationStatementsAtLeast = 107;
    private const int CommandSitesAtLeast = 147;
    private const int SourceTextsAtLeast = 169;
    private const int RunTimeTextsAtLeast = 464;

    private static readonly Lazy<(SqlServerSchema Schema, IReadOnlyList<string> Problems)> Migrated = new(() =>
    {
        var problems = new List<string>();
        var schema = SqlServerSchema.FromMigrations(SqlServerStatements.Migrations(), problems);
        return (schema, problems);
    });

    [Test]
    public void Every_migration_batch_parses_as_SQL_Server_2022()
    {
        var batches = SqlServerStatements.Migrations();
        var parsed = batches.Select(b => (Batch: b, Parse: TSqlCheck.Parse(b.Text))).ToList();
        var statements = parsed.Sum(p => p.Parse.Script?.Batches.Sum(b => b.Statements.Count) ?? 0);
        TestContext.Out.WriteLine($"{batches.Count} migration batches, {statements} statements");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.SelectMany(p => p.Parse.Errors.Select(e => $"{p.Batch.Origin}: {e}")), Is.Empty);
            Assert.That(statements, Is.GreaterThanOrEqualTo(MigrationStatementsAtLeast), "statements found in the SQL Server migrations");
        });
    }

    [Test]
    public void Every_migration_names_only_tables_and_columns_that_exist_when_it_runs() =>
        Assert.That(Migrated.Value.Problems, Is.Empty);

    [Test]
    public void Every_command_site_in_the_source_yields_its_SQL_Server_texts()
    {
        var source = SqlServerStatements.RunTime.Source;
        TestContext.Out.WriteLine($"{source.Sites} command sites, {source.Texts.Count} texts ({source.Texts.DistinctBy(t => t.Text).Count()} distinct)");

        Assert.Multiple(() =>
        {
            Assert.That(source.Unresolved, Is.Empty, "command sites whose text the collector cannot build: teach it, or build the text at run time");
            Assert.That(source.Sites, Is.GreaterThanOrEqualTo(CommandSitesAtLeast), "command sites found");
            Assert.That(source.Texts.DistinctBy(t => t.Text).Count(), Is.GreaterThanOrEqualTo(SourceTextsAtLeast), "distinct texts built from the source");
        });
    }

    [Test]
    public void Every_run_time_text_parses_as_SQL_Server_2022()
    {
        var runTime = SqlServerStatements.RunTime;
        TestContext.Out.WriteLine($"{runTime.All.Count} distinct run-time texts: {runTime.Source.Texts.Count} from the source, {runTime.Reports.Count} " +
            $"report texts, {runTime.RowInserts.Count} row inserts, {runTime.Dialect.Count} dialect statements, {runTime.Joined.Count} joined batch texts");

        Assert.Multiple(() =>
        {
            Assert.That(runTime.All.SelectMany(t => TSqlCheck.Parse(TSqlCheck.ExpandLists(t.Text)).Errors.Select(e => $"{t.Origin}: {e}\n{t.Text}")), Is.Empty);
            Assert.That(runTime.All, Has.Count.GreaterThanOrEqualTo(RunTimeTextsAtLeast), "distinct run-time texts");
        });
    }

    [Test]
    public void Every_run_time_text_names_only_tables_and_columns_of_the_migrations() =>
        Assert.That(TSqlCheck.Problems(SqlServerStatements.RunTime.All, Migrated.Value.Schema), Is.Empty);

    [Test]
    public void Every_piece_of_SQL_in_the_source_is_part_of_a_checked_text()
    {
        var runTime = SqlServerStatements.RunTime;
        var checkedTexts = runTime.All.Select(t => Flat(t.Text)).ToList();
        var postgreSqlOnly = runTime.Source.PostgreSqlOnly.Concat(runTime.PostgreSqlRowInserts).Select(Flat).ToList();
        var missed = runTime.Source.SqlLiterals
            .Where(l => Flat(l.Piece) is { Length: > 0 } piece
                        && !checkedTexts.Any(t => t.Contains(piece, StringComparison.Ordinal))
                        && !postgreSqlOnly.Any(t => t.Contains(piece, StringComparison.Ordinal)))
            .Select(l => $"{l.Origin}: {l.Piece.Trim()}");
        TestContext.Out.WriteLine($"{runTime.Source.SqlLiterals.Count} SQL literal pieces in the source");

        Assert.That(missed, Is.Empty, "SQL in the source that no checked text contains: a command site the collector does not know");
    }

    [Test]
    public void Every_SQL_member_of_the_dialect_and_every_row_insert_is_checked()
    {
        var runTime = SqlServerStatements.RunTime;
        var sqlMembers = typeof(ISqlDialect).GetMembers()
            .Where(m => m is System.Reflection.PropertyInfo { PropertyType: var t } && t == typeof(string)
                        || m is System.Reflection.MethodInfo { ReturnType: var r, IsSpecialName: false } && r == typeof(string))
            .Select(m => m.Name)
            // TimeZoneName is a parameter's value (a zone's name), not SQL.
            .Except([nameof(ISqlDialect.MigrationFolder), nameof(ISqlDialect.WithServiceDefaults), nameof(ISqlDialect.TimeZoneName)]);

        Assert.Multiple(() =>
        {
            Assert.That(sqlMembers.Except(runTime.DialectMembersUsed), Is.Empty, "dialect members no checked text was built with");
            Assert.That(runTime.RowInsertFields, Has.Count.EqualTo(runTime.Source.RowInsertDeclarations.Count),
                $"a RowInsert is declared outside a static field ({string.Join(", ", runTime.Source.RowInsertDeclarations)})");
        });
    }

    [Test]
    public void A_statement_that_does_not_parse_is_reported_with_where_it_is_sent_from_and_the_error()
    {
        var problems = TSqlCheck.Problems([new SqlText("Probe.cs:1", "select id\nfrom cases\nwhere number = @Number order id")], Migrated.Value.Schema);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "Probe.cs:1: parse error at line 3, column 30: Incorrect syntax near 'id'. (error 46010)\n" +
            "    | select id\n    | from cases\n    | where number = @Number order id",
        }));
    }

    [Test]
    public void PostgreSQL_syntax_is_refused()
    {
        var problems = TSqlCheck.Problems(
        [
            new SqlText("Probe.cs:2", "select id from cases order by filed_at limit @BatchSize for update skip locked"),
            new SqlText("Probe.cs:2b", "delete from outbox where id = any(@Ids)"),
        ], Migrated.Value.Schema);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("Probe.cs:2: parse error"));
            Assert.That(problems, Has.Some.StartsWith("Probe.cs:2b: parse error"));
        });
    }

    [Test]
    public void A_column_no_migration_creates_is_reported_with_its_table()
    {
        var problems = TSqlCheck.Problems(
        [
            new SqlText("Probe.cs:3", "select c.number, c.no_such_column from cases c where c.id = @Id"),
            new SqlText("Probe.cs:4", "update case_clocks set missing_at = @Now where case_id = @Id"),
            new SqlText("Probe.cs:5", "insert into outbox (message_id, not_a_column) values (@A, @B)"),
        ], Migrated.Value.Schema);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("Probe.cs:3: line 1: c.no_such_column: cases has no column no_such_column"));
            Assert.That(problems, Has.Some.StartsWith("Probe.cs:4: line 1: column missing_at is in none of the tables in scope (case_clocks"));
            Assert.That(problems, Has.Some.StartsWith("Probe.cs:5: line 1: the target table has no column not_a_column"));
            Assert.That(problems, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public void A_missing_table_an_unknown_alias_and_a_derived_table_s_missing_column_are_reported()
    {
        var problems = TSqlCheck.Problems(
        [
            new SqlText("Probe.cs:6", "select id from case_notes"),
            new SqlText("Probe.cs:7", "select x.number from cases c"),
            new SqlText("Probe.cs:8", "select d.Missing from (select number as Number from cases) d"),
        ], Migrated.Value.Schema);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("Probe.cs:6: line 1: no table case_notes in the migrations"));
            Assert.That(problems, Has.Some.StartsWith("Probe.cs:7: line 1: x.number: no table or alias x in scope"));
            Assert.That(problems, Has.Some.StartsWith("Probe.cs:8: line 1: d.Missing: derived table d has no column Missing"));
        });
    }

    [Test]
    public void Correlated_subqueries_aliases_output_and_merge_resolve()
    {
        var problems = TSqlCheck.Problems(
        [
            new SqlText("Probe.cs:9", """
                select c.number as Number, (select m.number from cases m where m.id = c.master_case_id) as MasterNumber
                from cases c
                where exists (select 1 from case_assisting_departments a where a.case_id = c.id)
                order by Number
                """),
            new SqlText("Probe.cs:10", "delete top (@BatchSize) from inbox with (readpast) output deleted.message_id where processed_at < @Before"),
        ], Migrated.Value.Schema);

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void A_list_parameter_is_expanded_as_Dapper_expands_it_for_SQL_Server() =>
        Assert.That(TSqlCheck.ExpandLists("delete from outbox where id in @Ids and @Ids2x = 1 and message_id IN @MessageIds"),
            Is.EqualTo("delete from outbox where id in (@Ids1, @Ids2) and @Ids2x = 1 and message_id IN (@MessageIds1, @MessageIds2)"));

    private static string Flat(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

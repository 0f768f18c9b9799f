using System.Reflection;
using System.Text.RegularExpressions;
using Dispatch.Workers.Reports;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.SqlServer;

namespace Dispatch.Tests.Support.SqlServerCheck;

/// <summary>
/// Everything the SQL Server dialect sends: the migrations' batches, and the run-time texts — those in the source
/// (<see cref="SourceSql"/>), the reports' (built by <c>ReportQueries</c> for every grouping, level and scope), the append-only
/// inserts' multi-row VALUES lists (every <see cref="RowInsert"/>), the dialect's own statements, and the texts a
/// <see cref="SqlBatch"/> joins its statements into for SqlClient.
/// </summary>
internal static partial class SqlServerStatements
{
    /// <summary>
    /// Command sites whose texts come from elsewhere, with why. Keep it short: each entry is a place the check does not look.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NotEvaluatedSites = new Dictionary<string, string>
    {
        ["SqlBatch.cs"] = "passes on the texts of its Add and RowInsert callers, which are checked there and as joined texts",
        ["SchemaMigrator.cs|batch"] = "a migration's batch, checked with the migrations",
        ["ReportStore.cs"] = "runs the texts ReportQueries builds, which are produced here for every grouping, level and scope",
    };

    private static readonly Lazy<RunTimeTexts> Collected = new(Collect);

    /// <summary>The text SchemaMigrator creates its version table with, before the first migration.</summary>
    public static string VersionTableSql =>
        (string)typeof(SchemaMigrator).GetField("CreateVersionTableSql", BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;

    public static RunTimeTexts RunTime => Collected.Value;

    /// <summary>Every migration's batches, split as <see cref="SqlServerDialect.SplitBatches"/> splits them for the server.</summary>
    public static IReadOnlyList<MigrationBatch> Migrations()
    {
        var dialect = new SqlServerDialect();
        return
        [
            .. SchemaMigrator.Embedded(dialect).SelectMany(m => dialect.SplitBatches(m.Script)
                .Select((batch, i) => new MigrationBatch($"migration {m.Version:D4}_{m.Name}, batch {i + 1}", batch))),
        ];
    }

    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Dispatch.sln not found above the test output.");
    }

    private static RunTimeTexts Collect()
    {
        var source = SourceSql.Read(RepositoryRoot(), NotEvaluatedSites);
        var dialect = new RecordingDialect(new SqlServerDialect());
        var reports = ReportTexts(dialect);
        var inserts = RowInserts();
        var dialectTexts = typeof(ISqlDialect).GetProperties()
            .Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith("Sql", StringComparison.Ordinal))
            .Select(p => new SqlText($"SqlServerDialect.{p.Name}", (string)p.GetValue(dialect)!))
            .ToList();
        var joined = JoinedTexts([.. source.Texts.Where(t => t.Batched)], inserts.Select(i => i.Insert).ToList());
        return new RunTimeTexts(source, reports, [.. inserts.SelectMany(i => i.Texts)], dialectTexts, joined,
            [.. source.DialectMembersUsed.Concat(dialect.Used).Distinct(StringComparer.Ordinal)],
            inserts.Select(i => i.Field).ToList(), inserts.Select(i => i.Insert.ArraysSql).ToList());
    }

    /// <summary>Every report text: each grouping by one dimension or two, category levels 1 to 3, scoped to departments or not.</summary>
    private static List<SqlText> ReportTexts(ISqlDialect dialect)
    {
        var texts = new List<SqlText>();
        var groupings = ReportDimensions.All.Select(d => (IReadOnlyList<string>)[d])
            .Concat(ReportDimensions.All.SelectMany(a => ReportDimensions.All.Where(b => b != a).Select(b => (IReadOnlyList<string>)[a, b])));
        foreach (var scoped in (bool[])[false, true])
        {
            foreach (var level in (int[])[1, 2, 3])
            {
                foreach (var groupBy in groupings)
                {
                    var kpi = ReportQueries.Kpi(dialect, groupBy, level, scoped);
                    var name = $"ReportQueries.Kpi({string.Join("+", groupBy)}, level {level}{(scoped ? ", scoped" : "")})";
                    texts.Add(new SqlText($"{name} cases", kpi.Cases));
                    texts.Add(new SqlText($"{name} visits", kpi.Visits));
                    texts.Add(new SqlText($"{name} returns", kpi.Returns));
                }

                foreach (var area in (string[])[Workers.Catalogue.AreaLevels.Street, Workers.Catalogue.AreaLevels.Community])
                {
                    var hotspots = ReportQueries.Hotspots(dialect, level, area, scoped);
                    var name = $"ReportQueries.Hotspots(level {level}, {area}{(scoped ? ", scoped" : "")})";
                    texts.Add(new SqlText($"{name} cells", hotspots.Cells));
                    texts.Add(new SqlText($"{name} growth", hotspots.Growth));
                }
            }

            foreach (var calendars in (int[])[0, 1, 3])
            {
                var live = ReportQueries.Live(dialect, calendars, scoped);
                var name = $"ReportQueries.Live({calendars} department calendars{(scoped ? ", scoped" : "")})";
                texts.Add(new SqlText($"{name} due", live.Due));
                texts.Add(new SqlText($"{name} returns", live.Returns));
                texts.Add(new SqlText($"{name} extensions", live.Extensions));
            }

            texts.Add(new SqlText($"ReportQueries.CaseList({(scoped ? "scoped" : "")})", ReportQueries.CaseList(dialect, scoped)));

            // A street narrows every report alike: one variant of each is enough to check the clause.
            var inStreet = ReportQueries.Kpi(dialect, [ReportDimensions.Department, ReportDimensions.Day], 2, scoped, street: true);
            texts.Add(new SqlText($"ReportQueries.Kpi(department+day, street{(scoped ? ", scoped" : "")}) cases", inStreet.Cases));
            texts.Add(new SqlText($"ReportQueries.Kpi(department+day, street{(scoped ? ", scoped" : "")}) visits", inStreet.Visits));
            texts.Add(new SqlText($"ReportQueries.Kpi(department+day, street{(scoped ? ", scoped" : "")}) returns", inStreet.Returns));
            var hotspotsInStreet = ReportQueries.Hotspots(dialect, 2, Workers.Catalogue.AreaLevels.Community, scoped, street: true);
            texts.Add(new SqlText($"ReportQueries.Hotspots(street{(scoped ? ", scoped" : "")}) cells", hotspotsInStreet.Cells));
            texts.Add(new SqlText($"ReportQueries.Hotspots(street{(scoped ? ", scoped" : "")}) growth", hotspotsInStreet.Growth));
            var liveInStreet = ReportQueries.Live(dialect, 1, scoped, street: true);
            texts.Add(new SqlText($"ReportQueries.Live(street{(scoped ? ", scoped" : "")}) due", liveInStreet.Due));
            texts.Add(new SqlText($"ReportQueries.Live(street{(scoped ? ", scoped" : "")}) returns", liveInStreet.Returns));
            texts.Add(new SqlText($"ReportQueries.CaseList(street{(scoped ? ", scoped" : "")})", ReportQueries.CaseList(dialect, scoped, street: true)));

            // The cases behind every part of every figure: no cell, every cell with a department or the center's row, each after a cursor.
            foreach (var figure in KpiFigures.All)
            {
                foreach (var (partName, part) in new[] { ("numerator", figure.Numerator), ("denominator", figure.Denominator) })
                {
                    if (part is null)
                    {
                        continue;
                    }

                    foreach (var department in Enum.GetValues<KpiCellDepartment>())
                    {
                        foreach (var every in (bool[])[false, true])
                        {
                            var cell = new KpiCell(department, scoped, every, every, every, every, every, every, every, every);
                            var list = ReportQueries.KpiCases(dialect, part, cell);
                            var name = $"ReportQueries.KpiCases({figure.Key} {partName}, {department}{(every ? ", every filter" : "")}{(scoped ? ", scoped" : "")})";
                            texts.Add(new SqlText($"{name} total", list.Total));
                            texts.Add(new SqlText($"{name} page", list.Page));
                            if (list.Events is not null)
                            {
                                texts.Add(new SqlText($"{name} events", list.Events));
                            }
                        }
                    }
                }
            }
        }

        return [.. texts.DistinctBy(t => t.Text, StringComparer.Ordinal)];
    }

    /// <summary>Every <see cref="RowInsert"/> declared in the assemblies (static fields, as its documentation asks), as 1 and 3 rows.</summary>
    private static List<(string Field, RowInsert Insert, SqlText[] Texts)> RowInserts() =>
    [
        .. new[] { typeof(SqlBatch).Assembly, typeof(Dispatch.Api.Extensions).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => f.FieldType == typeof(RowInsert))
            .Select(f => (Field: $"{f.DeclaringType!.Name}.{f.Name}", Insert: (RowInsert)f.GetValue(null)!))
            .Select(x => (x.Field, x.Insert, new[] { new SqlText($"{x.Field} (1 row)", x.Insert.ValuesSql(1)), new SqlText($"{x.Field} (3 rows)", x.Insert.ValuesSql(3)) })),
    ];

    /// <summary>
    /// The texts SqlClient receives from one <see cref="SqlBatch"/> holding every batched statement and a row for every
    /// <see cref="RowInsert"/>: the statements joined with their parameters renamed apart, within the parameter limit.
    /// </summary>
    private static List<SqlText> JoinedTexts(List<SqlText> batched, List<RowInsert> inserts)
    {
        var batch = new SqlBatch();
        foreach (var text in batched.DistinctBy(t => t.Text, StringComparer.Ordinal))
        {
            batch.Add(text.Text, ParameterName().Matches(text.Text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)
                .ToDictionary(name => name, object (_) => 1, StringComparer.Ordinal));
        }

        foreach (var insert in inserts)
        {
            batch.Insert(insert, [.. insert.Columns.Select(c => c.Type.IsValueType ? Activator.CreateInstance(c.Type) : null)]);
        }

        return [.. batch.Texts(SqlBatch.MaxParametersPerText).Select((text, i) => new SqlText($"SqlBatch joined text {i + 1}", text))];
    }

    [GeneratedRegex(@"(?<![\w@])@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterName();
}

/// <summary>
/// The run-time texts by where they come from, the dialect members they were built with, the RowInserts found, and those inserts'
/// PostgreSQL form (over arrays), which SQL Server never receives.
/// </summary>
internal sealed record RunTimeTexts(SourceSql Source, IReadOnlyList<SqlText> Reports, IReadOnlyList<SqlText> RowInserts,
    IReadOnlyList<SqlText> Dialect, IReadOnlyList<SqlText> Joined, IReadOnlyList<string> DialectMembersUsed, IReadOnlyList<string> RowInsertFields,
    IReadOnlyList<string> PostgreSqlRowInserts)
{
    /// <summary>Every text, each once (the first place it is sent from names it).</summary>
    public IReadOnlyList<SqlText> All { get; } =
        [.. Source.Texts.Concat(Reports).Concat(RowInserts).Concat(Dialect).Concat(Joined).DistinctBy(t => t.Text, StringComparer.Ordinal)];
}

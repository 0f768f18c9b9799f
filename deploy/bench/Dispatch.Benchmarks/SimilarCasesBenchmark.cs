using System.Diagnostics;
using Dapper;
using Dispatch.Api.Intake;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.RepeatCalls;
using Dispatch.Workers.Storage.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dispatch.Benchmarks;

/// <summary>
/// Repeat calls at scale, on PostgreSQL: a database holding N background cases (<see cref="SimilarCaseBackground"/>), then
///   call  — the similar-case lookup of a call being taken (<see cref="SimilarCaseFinder.ForCallAsync"/>: the candidate query, then
///           scoring), one at a time for calls drawn like the background, after an untimed warm-up: p50, p95 and p99;
///   raw   — the same candidate query with the same parameters on a plain NpgsqlCommand, its rows read and dropped: no mapping, no
///           scoring (what the lookup costs the database);
///   case  — the dispatcher's lookup for a filed open case (<see cref="SimilarCaseFinder.ForCaseAsync"/>: the case read, then as a call);
///   quality — for every labelled pair (deploy/bench/data/similar-pairs.json): a filed at its time among the background, b asked
///           minutesApart later, a removed again. A pair is predicted a repeat when a is in b's top 3 at or above the threshold:
///           precision = TP / (TP + FP) over all pairs, recall = TP / (TP + FN) over the duplicate pairs; for all pairs, and for the
///           held-out third the weights were not tuned on.
/// With --tune, the quality run also searches the weights, threshold, text saturation and half-life (<see cref="WeightTuning"/>).
/// </summary>
public static class SimilarCasesBenchmark
{
    public sealed record Timing(double P50Ms, double P95Ms, double P99Ms);

    public sealed record Result(int Cases, double SetupSeconds, int Lookups, Timing Call, Timing Raw, Timing ByCase, double CandidatesMean,
        int CandidatesMax, double ListedMean, Quality? Quality);

    /// <param name="BackgroundListed">The mean number of cases other than a that b's lookup listed (at most the limit).</param>
    /// <param name="Tuned">With --tune, the best settings for each cap on the background cases listed.</param>
    public sealed record Quality(int Pairs, int Invalid, WeightTuning.Confusion All, WeightTuning.Confusion HeldOut,
        IReadOnlyList<(string Kind, int Pairs, int Predicted)> ByKind, double BackgroundListed, IReadOnlyList<WeightTuning.Choice> Tuned);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static async Task<Result> RunAsync(string adminConnectionString, int cases, int lookups, bool tune)
    {
        await using var bench = await BenchDatabase.CreateAsync(adminConnectionString, $"sim_{cases}", 10);
        var (connectionString, database) = (bench.ConnectionString, bench.Database);
        var seed = DemoSeed.Load();
        var catalogue = new Catalogue(seed.Departments.Select(d => new Department(d.Code, d.Name, d.Parent, d.Kind, true, d.Area)),
            seed.Areas.Select(a => new Area(a.Code, a.Name, a.Level, a.Parent)), seed.Categories.Select(c => new Category(c.Code, c.Name, c.Parent, c.Level)));
        var background = new SimilarCaseBackground(catalogue, seed: 20260630);
        var setup = Stopwatch.StartNew();
        var openNumbers = await background.LoadAsync(connectionString, cases);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var clock = new FixedClock(SimilarCaseBackground.Now);
        var options = new SimilarCasesOptions();
        using var catalogues = new CatalogueStore(database, clock, Options.Create(new CatalogueOptions()));
        var store = new SimilarCaseStore(database);
        var finder = new SimilarCaseFinder(store, new CaseQueries(database, clock, BenchDatabase.Keys), catalogues, clock, Options.Create(options));
        var calls = Enumerable.Range(0, lookups + 100).Select(_ => Draft(background.Call(), catalogue)).ToList();
        // The raw query connects as the lookup does (prepared statements, no reset on close): only the work differs.
        var rawConnection = new PostgreSqlDialect().WithServiceDefaults(connectionString);

        // Warm up (JIT, pools, prepared statements, the table's pages), untimed.
        foreach (var call in calls.Take(100))
        {
            await finder.ForCallAsync(call, CancellationToken.None);
            await RawAsync(rawConnection, call, catalogue, options);
        }

        var callTimes = new List<double>();
        var rawTimes = new List<double>();
        var candidates = new List<int>();
        var listed = new List<int>();
        foreach (var call in calls.Skip(100))
        {
            var watch = Stopwatch.StartNew();
            var found = await finder.ForCallAsync(call, CancellationToken.None);
            callTimes.Add(watch.Elapsed.TotalMilliseconds);
            listed.Add(found.Items.Count);
            watch.Restart();
            candidates.Add(await RawAsync(rawConnection, call, catalogue, options));
            rawTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var caseTimes = new List<double>();
        var random = new Random(7);
        for (var i = 0; i < Math.Min(lookups, openNumbers.Count); i++)
        {
            var number = openNumbers[random.Next(openNumbers.Count)];
            var watch = Stopwatch.StartNew();
            _ = await finder.ForCaseAsync(number, CancellationToken.None);
            caseTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var pairs = SimilarPairs.Load(SimilarPairs.Root());
        var quality = pairs is null ? null : await QualityAsync(database, finder, store, catalogue, pairs, options, tune);
        return new Result(cases, setupSeconds, callTimes.Count, Percentiles(callTimes), Percentiles(rawTimes), Percentiles(caseTimes),
            candidates.Average(), candidates.Max(), listed.Average(), quality);
    }

    private static NewCase Draft(FileCaseRequest request, Catalogue catalogue) =>
        FileCaseValidator.Validate(request, catalogue, "agent:bench").Case ?? throw new InvalidOperationException("The generator drew an invalid call.");

    /// <summary>The candidate query alone, with the lookup's own text and parameters, on a plain command: the rows it returns.</summary>
    private static async Task<int> RawAsync(string connectionString, NewCase call, Catalogue catalogue, SimilarCasesOptions options)
    {
        var probe = SimilarityProbe.ForCall(call, CategoryFamily.Of(catalogue, call.CategoryCode), SimilarCaseBackground.Now);
        var p = SimilarCaseStore.Parameters(probe, SimilarCaseBackground.Now, options);
        var values = p.GetType().GetProperties().ToDictionary(x => x.Name, x => x.GetValue(p));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(SimilarCaseStore.CandidatesSql(new PostgreSqlDialect()), connection);
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    private static async Task<Quality> QualityAsync(Dispatch.Workers.Storage.Database database, SimilarCaseFinder finder, SimilarCaseStore store,
        Catalogue catalogue, IReadOnlyList<SimilarPairs.Pair> pairs, SimilarCasesOptions options, bool tune)
    {
        var all = default(WeightTuning.Confusion);
        var heldOut = default(WeightTuning.Confusion);
        var byKind = new Dictionary<string, (int Pairs, int Predicted)>();
        var lookups = new List<WeightTuning.Lookup>();
        var invalid = 0;
        var sequence = 90_000;
        var others = 0;
        // With --tune, every lookup's answer and a's signals go to .dispatch-local/similar-tuning.jsonl, to see why a pair was missed.
        await using var diagnostics = tune ? new StreamWriter(Path.Combine(SimilarPairs.Root(), ".dispatch-local", "similar-tuning.jsonl")) : null;
        foreach (var pair in pairs)
        {
            var (a, b) = (FileCaseValidator.Validate(pair.A, catalogue, "agent:pairs").Case, FileCaseValidator.Validate(pair.B, catalogue, "agent:pairs").Case);
            if (a is null || b is null)
            {
                invalid++;
                continue;
            }

            var filedAt = SimilarCaseBackground.Now - TimeSpan.FromMinutes(pair.MinutesApart);
            var id = Guid.NewGuid();
            var number = CaseNumber.Format(DateOnly.FromDateTime(filedAt.ToOffset(SimilarCaseBackground.Zone).DateTime), ++sequence);
            await using (var connection = await database.OpenAsync(CancellationToken.None))
            {
                await connection.ExecuteAsync("""
                    insert into cases (id, number, status, version, request_type, category_code, channel, urgency, caller_name, caller_phone,
                                       caller_confidential, district_code, street_code, community_code, grid_code, address, latitude, longitude,
                                       title, content, lead_department_code, filed_by, filed_at, dispatched_at, updated_at)
                    values (@Id, @Number, 'dispatched', 2, @RequestType, @CategoryCode, @Channel, @Urgency, @CallerName, @CallerPhone,
                            @CallerConfidential, @District, @Street, @Community, @Grid, @Address, @Latitude, @Longitude,
                            @Title, @Content, 'GOV', 'agent:pairs', @FiledAt, @FiledAt, @FiledAt)
                    """, new
                {
                    Id = id, Number = number, a.RequestType, a.CategoryCode, a.Channel, a.Urgency, CallerName = a.Caller.Name, CallerPhone = a.Caller.Phone,
                    CallerConfidential = a.Caller.Confidential, District = a.Location.DistrictCode, Street = a.Location.StreetCode,
                    Community = a.Location.CommunityCode, Grid = a.Location.GridCode, a.Location.Address, a.Location.Latitude, a.Location.Longitude,
                    a.Title, a.Content, FiledAt = filedAt,
                });
            }

            try
            {
                var found = (await finder.ForCallAsync(b, CancellationToken.None)).Items;
                var predicted = found.Take(3).Any(i => i.Number == number);
                others += found.Count(i => i.Number != number);
                all = all.With(pair.Duplicate, predicted);
                if (pair.HeldOut)
                {
                    heldOut = heldOut.With(pair.Duplicate, predicted);
                }

                var (count, hits) = byKind.GetValueOrDefault(pair.Kind);
                byKind[pair.Kind] = (count + 1, hits + (predicted ? 1 : 0));
                if (tune)
                {
                    var probe = SimilarityProbe.ForCall(b, CategoryFamily.Of(catalogue, b.CategoryCode), SimilarCaseBackground.Now);
                    var read = await store.CandidatesAsync(probe, SimilarCaseBackground.Now, options, CancellationToken.None);
                    var everyOne = SimilarityScoring.Signals(probe, read, options);
                    var signals = everyOne.Select(s => new WeightTuning.Signals(s.Category, s.Place, s.TextSimilarity, s.Caller, s.HoursApart)).ToList();
                    var aIndex = read.ToList().FindIndex(c => c.Id == id);
                    lookups.Add(new WeightTuning.Lookup(pair, signals, aIndex));
                    await diagnostics!.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new
                    {
                        pair.Id, pair.Kind, pair.Duplicate, predicted, a = number, candidates = read.Count,
                        aSignals = aIndex < 0 ? null : everyOne[aIndex],
                        top = found.Take(5),
                    }));
                }
            }
            finally
            {
                await using var connection = await database.OpenAsync(CancellationToken.None);
                await connection.ExecuteAsync("delete from cases where id = @Id", new { Id = id });
            }
        }

        return new Quality(pairs.Count, invalid, all, heldOut,
            [.. byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => (k.Key, k.Value.Pairs, k.Value.Predicted))],
            pairs.Count - invalid == 0 ? 0 : others / (double)(pairs.Count - invalid),
            tune ? WeightTuning.Search(lookups, [0.25, 0.5, 1, 2, options.Limit], tries: 60_000, seed: 1, options.Limit) : []);
    }

    private static Timing Percentiles(List<double> times)
    {
        if (times.Count == 0)
        {
            return new Timing(0, 0, 0);
        }

        var sorted = times.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return new Timing(At(0.50), At(0.95), At(0.99));
    }
}

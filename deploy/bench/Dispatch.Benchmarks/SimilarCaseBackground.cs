using System.Globalization;
using Dispatch.Api.Intake;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Npgsql;
using NpgsqlTypes;

namespace Dispatch.Benchmarks;

/// <summary>
/// The background of the similar-case benchmark: N cases of the demo district as a busy district files them, loaded with one binary
/// COPY. A steady <see cref="PerDay"/> cases a day (so N decides how many days back they reach, and a lookup meets the same density
/// at 20,000 as at 1,000,000 cases), in the day's hours, over its 48 leaf categories (a few far more often than others), its 12
/// communities and 24 grids, with addresses as callers give them (an estate's building, a road's house number; 90 %) and coordinates (half), phones (a pool of frequent callers), consultations closed
/// on the call, other cases closed after days (a long tail still open after months), a few merged, and one case in twenty a repeat
/// of a recent one (another caller, another wording, the same place) — the repeats a real district has, which the labelled pairs
/// must be told apart from. Everything from one seed: the same N gives the same cases.
/// </summary>
public sealed class SimilarCaseBackground
{
    public const int PerDay = 1_370;

    private static readonly string[] Departments = ["UM", "HOUSING", "ENV", "MARKET", "TRANSPORT", "HRSS", "WATER", "POWER", "ENERGY", "PSB", "EDU", "HEALTH", "GOV"];
    private static readonly string[] Whens = ["", "今天", "这几天", "从上周开始", "最近一个月", "昨天晚上", "每天"];
    private static readonly string[] BuildingWords = ["幢", "号楼", "栋", "幢"];
    private static readonly string[] RoadWords = ["路", "街", "东路", "西路"];
    private static readonly string[] NumberWords = ["", "附近", "门口"];
    private static readonly double[] HourWeights = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 3, 6, 8, 8, 7, 5, 6, 7, 7, 6, 6, 5, 5, 4, 3, 2, 1.5];

    private readonly Random _random;
    private readonly Catalogue _catalogue;
    private readonly string[] _leaves;
    private readonly double[] _leafWeights;
    private readonly Area[] _communities;
    private readonly Dictionary<string, (double Lat, double Lng)> _centres = [];
    private readonly string[] _frequentCallers;

    public SimilarCaseBackground(Catalogue catalogue, int seed)
    {
        _catalogue = catalogue;
        _random = new Random(seed);
        _leaves = [.. catalogue.Categories.Values.Where(c => c.Level == 3).Select(c => c.Code).Order(StringComparer.Ordinal)];
        // A few categories (noise, property, leaks, parking-like nuisances) take most calls, as in any district.
        _leafWeights = [.. _leaves.Select((_, i) => 1.0 / Math.Pow(1 + ((i * 7) % _leaves.Length), 0.8))];
        _communities = [.. catalogue.Areas.Values.Where(a => a.Level == AreaLevels.Community).OrderBy(a => a.Code, StringComparer.Ordinal)];
        // The communities on a 4 × 3 map about 8 km across (30.27–30.32° N, 120.07–120.16° E), each grid a few hundred metres from its centre.
        for (var i = 0; i < _communities.Length; i++)
        {
            _centres[_communities[i].Code] = (30.275 + (i / 4 * 0.018), 120.075 + (i % 4 * 0.024));
        }

        _frequentCallers = [.. Enumerable.Range(0, 3_000).Select(_ => Phone())];
    }

    /// <summary>The instant the benchmark calls "now" (10:00 in the hotline's zone, as UTC, which is all timestamptz takes): the newest background case is filed just before it.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 6, 30, 2, 0, 0, TimeSpan.Zero);

    public static TimeSpan Zone => TimeSpan.FromHours(8);

    /// <summary>A case as loaded.</summary>
    public sealed record Row(Guid Id, string Number, string Status, string RequestType, string CategoryCode, string Channel, string? CallerName,
        string? CallerPhone, bool Confidential, string? Street, string? Community, string? Grid, string? Address, double? Lat, double? Lng,
        string Title, string Content, string? Department, DateTimeOffset FiledAt, DateTimeOffset? DispatchedAt, DateTimeOffset? SignedAt,
        DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt, string? CloseOutcome);

    /// <summary>A call as an agent records it at <see cref="Now"/>, drawn like the background: what the timed lookups ask with.</summary>
    public FileCaseRequest Call()
    {
        var (category, community, grid, address, lat, lng) = Place(PickLeaf());
        var (title, content) = Wording(category, address);
        return new FileCaseRequest(RequestTypeFor(category), category, "phone", new CallerInput("市民", Caller(), _random.NextDouble() < 0.04),
            new LocationInput("DM", community.ParentCode, community.Code, grid, address, lat, lng), title, content, "normal");
    }

    /// <summary>Loads <paramref name="count"/> cases filed before <see cref="Now"/>; answers some open ones' numbers for the by-case lookups.</summary>
    public async Task<IReadOnlyList<string>> LoadAsync(string connectionString, int count)
    {
        var days = (int)Math.Ceiling(count / (double)PerDay);
        // Local midnights: the last day is today, up to now.
        var start = new DateTimeOffset(Now.ToOffset(Zone).Date.AddDays(1 - days), Zone).ToUniversalTime();
        var recent = new Queue<Row>();
        var open = new List<string>();
        var sequences = new Dictionary<DateOnly, long>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var importer = await connection.BeginBinaryImportAsync("""
            copy cases (id, number, status, version, request_type, category_code, channel, urgency, caller_name, caller_phone, caller_confidential,
                        district_code, street_code, community_code, grid_code, address, latitude, longitude, title, content, lead_department_code,
                        filed_by, filed_at, dispatched_at, signed_at, resolved_at, closed_at, close_outcome, updated_at)
            from stdin (format binary)
            """))
        {
            importer.Timeout = TimeSpan.FromMinutes(30);
            var generated = 0;
            for (var day = 0; day < days && generated < count; day++)
            {
                var today = Math.Min(count - generated, (count - generated) / (days - day));
                var times = Enumerable.Range(0, today).Select(_ => start + TimeSpan.FromDays(day) + TimeOfDay())
                    .Select(t => t < Now ? t : Now - TimeSpan.FromMinutes(1 + _random.Next(600))).Order().ToList();
                foreach (var filedAt in times)
                {
                    var local = DateOnly.FromDateTime(filedAt.ToOffset(Zone).DateTime);
                    var sequence = sequences[local] = sequences.GetValueOrDefault(local) + 1;
                    var row = Next(filedAt, CaseNumber.Format(local, sequence), recent);
                    await WriteAsync(importer, row);
                    generated++;
                    recent.Enqueue(row);
                    if (recent.Count > 2_000)
                    {
                        recent.Dequeue();
                    }

                    if (row.ClosedAt is null && row.Status != "merged" && filedAt > Now - TimeSpan.FromDays(30) && open.Count < 5_000 && _random.NextDouble() < 0.3)
                    {
                        open.Add(row.Number);
                    }
                }
            }

            await importer.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("vacuum analyze cases", connection) { CommandTimeout = 1_800 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return open;
    }

    private Row Next(DateTimeOffset filedAt, string number, Queue<Row> recent)
    {
        string category, community, title, content;
        string? grid, address, phone;
        double? lat, lng;
        var repeated = recent.Count > 0 && _random.NextDouble() < 0.05 ? recent.ElementAt(_random.Next(recent.Count)) : null;
        if (repeated is not null && filedAt - repeated.FiledAt < TimeSpan.FromDays(3))
        {
            // A neighbour calling about the same thing: same category and place, another wording and phone.
            (category, community, grid, address) = (repeated.CategoryCode, repeated.Community!, repeated.Grid, repeated.Address);
            (lat, lng) = repeated.Lat is { } rl && repeated.Lng is { } rg ? (rl + Jitter(0.0005), rg + Jitter(0.0005)) : ((double?)null, (double?)null);
            (title, content) = Wording(category, address);
        }
        else
        {
            var leaf = PickLeaf();
            Area communityArea;
            (category, communityArea, grid, address, lat, lng) = Place(leaf);
            community = communityArea.Code;
            (title, content) = Wording(category, address);
        }

        phone = Caller();
        var requestType = RequestTypeFor(category);
        var (status, dispatched, signed, resolved, closed, outcome) = Progress(requestType, filedAt);
        var department = dispatched is null ? null : Departments[_random.Next(Departments.Length)];
        return new Row(Guid.CreateVersion7(filedAt), number, status, requestType, category, Channel(), phone is null ? null : "市民", phone,
            _random.NextDouble() < 0.04, _catalogue.Areas[community].ParentCode, community, grid, address, lat, lng, title, content, department,
            filedAt, dispatched, signed, resolved, closed, outcome);
    }

    private (string Category, Area Community, string? Grid, string? Address, double? Lat, double? Lng) Place(string category)
    {
        var community = _communities[_random.Next(_communities.Length)];
        var gridNumber = 1 + _random.Next(2);
        var grid = _random.NextDouble() < 0.85 ? $"{community.Code}-G0{gridNumber}" : null;
        var address = Address(community);
        var (lat, lng) = _centres[community.Code];
        var located = _random.NextDouble() < 0.5;
        return (category, community, grid, address,
            located ? lat + (gridNumber == 1 ? -0.003 : 0.003) + Jitter(0.003) : null,
            located ? lng + Jitter(0.004) : null);
    }

    /// <summary>
    /// Where in the community, as callers give it: a building of one of its two estates (5幢, 5号楼, 5栋, often with the unit and room),
    /// a house number on its road (with 附近 or 门口), the estate alone, or nothing (one call in ten).
    /// </summary>
    private string? Address(Area community)
    {
        var name = community.Name.Replace("社区", "", StringComparison.Ordinal);
        var estate = _random.Next(2) == 0 ? $"{name}新村" : $"{name}苑";
        var building = 1 + _random.Next(40);
        return _random.NextDouble() switch
        {
            < 0.1 => null,
            < 0.55 => estate + building + Pick(BuildingWords) + (_random.NextDouble() < 0.4 ? $"{1 + _random.Next(4)}单元" : "")
                      + (_random.NextDouble() < 0.2 ? $"{1 + _random.Next(6)}0{1 + _random.Next(4)}室" : ""),
            < 0.85 => $"{name}{Pick(RoadWords)}{1 + _random.Next(300)}号{Pick(NumberWords)}",
            _ => estate,
        };
    }

    private (string Title, string Content) Wording(string category, string? address)
    {
        var texts = CaseTexts.ByCategory[category];
        var title = Pick(texts.Titles);
        var content = $"{Pick(CaseTexts.Openings)}{Pick(Whens)}{(address is null ? "" : address + "，")}{Pick(texts.Complaints)}，{Pick(CaseTexts.Closings)}";
        return (address is not null && _random.NextDouble() < 0.3 ? address + title : title, content);
    }

    private (string Status, DateTimeOffset? Dispatched, DateTimeOffset? Signed, DateTimeOffset? Resolved, DateTimeOffset? Closed, string? Outcome)
        Progress(string requestType, DateTimeOffset filedAt)
    {
        if (requestType == "consultation" && _random.NextDouble() < 0.7)
        {
            var answered = filedAt + TimeSpan.FromMinutes(3 + _random.Next(10));
            return answered <= Now ? ("closed", null, null, null, answered, "direct") : ("filed", null, null, null, null, null);
        }

        var dispatched = filedAt + TimeSpan.FromSeconds(1);
        // Median three days; one case in fifty takes one to three months.
        var hours = _random.NextDouble() < 0.02 ? 720 + _random.Next(1_440) : Math.Exp(Math.Log(72) + (Gaussian() * 0.9));
        var closed = filedAt + TimeSpan.FromHours(hours);
        var merged = _random.NextDouble() < 0.03;
        if (closed <= Now)
        {
            return ("closed", dispatched, dispatched + TimeSpan.FromHours(hours * 0.1), closed - TimeSpan.FromHours(hours * 0.1), closed,
                merged ? "merged" : _random.NextDouble() < 0.85 ? "satisfied" : "unreachable");
        }

        if (merged)
        {
            return ("merged", dispatched, null, null, null, null);
        }

        var done = (Now - filedAt).TotalHours / hours;
        return done < 0.2 ? ("dispatched", dispatched, null, null, null, null)
            : done < 0.85 ? ("signed", dispatched, dispatched + TimeSpan.FromHours(hours * 0.1), null, null, null)
            : ("resolved", dispatched, dispatched + TimeSpan.FromHours(hours * 0.1), filedAt + TimeSpan.FromHours(hours * 0.85), null, null);
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, Row row)
    {
        await importer.StartRowAsync();
        await importer.WriteAsync(row.Id, NpgsqlDbType.Uuid);
        await importer.WriteAsync(row.Number, NpgsqlDbType.Varchar);
        await importer.WriteAsync(row.Status, NpgsqlDbType.Varchar);
        await importer.WriteAsync(5, NpgsqlDbType.Integer);
        await importer.WriteAsync(row.RequestType, NpgsqlDbType.Varchar);
        await importer.WriteAsync(row.CategoryCode, NpgsqlDbType.Varchar);
        await importer.WriteAsync(row.Channel, NpgsqlDbType.Varchar);
        await importer.WriteAsync("normal", NpgsqlDbType.Varchar);
        await WriteNullableAsync(importer, row.CallerName, NpgsqlDbType.Varchar);
        await WriteNullableAsync(importer, row.CallerPhone, NpgsqlDbType.Varchar);
        await importer.WriteAsync(row.Confidential, NpgsqlDbType.Boolean);
        await importer.WriteAsync("DM", NpgsqlDbType.Varchar);
        await WriteNullableAsync(importer, row.Street, NpgsqlDbType.Varchar);
        await WriteNullableAsync(importer, row.Community, NpgsqlDbType.Varchar);
        await WriteNullableAsync(importer, row.Grid, NpgsqlDbType.Varchar);
        await WriteNullableAsync(importer, row.Address, NpgsqlDbType.Varchar);
        await WriteNullableAsync(importer, row.Lat, NpgsqlDbType.Double);
        await WriteNullableAsync(importer, row.Lng, NpgsqlDbType.Double);
        await importer.WriteAsync(row.Title, NpgsqlDbType.Varchar);
        await importer.WriteAsync(row.Content, NpgsqlDbType.Text);
        await WriteNullableAsync(importer, row.Department, NpgsqlDbType.Varchar);
        await importer.WriteAsync("agent:bench", NpgsqlDbType.Varchar);
        await importer.WriteAsync(row.FiledAt, NpgsqlDbType.TimestampTz);
        await WriteNullableAsync(importer, row.DispatchedAt, NpgsqlDbType.TimestampTz);
        await WriteNullableAsync(importer, row.SignedAt, NpgsqlDbType.TimestampTz);
        await WriteNullableAsync(importer, row.ResolvedAt, NpgsqlDbType.TimestampTz);
        await WriteNullableAsync(importer, row.ClosedAt, NpgsqlDbType.TimestampTz);
        await WriteNullableAsync(importer, row.CloseOutcome, NpgsqlDbType.Varchar);
        await importer.WriteAsync(row.ClosedAt ?? row.ResolvedAt ?? row.SignedAt ?? row.DispatchedAt ?? row.FiledAt, NpgsqlDbType.TimestampTz);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type) where T : class =>
        value is null ? importer.WriteNullAsync() : importer.WriteAsync(value, type);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type) where T : struct =>
        value is { } v ? importer.WriteAsync(v, type) : importer.WriteNullAsync();

    private string PickLeaf()
    {
        var total = _leafWeights.Sum();
        var x = _random.NextDouble() * total;
        for (var i = 0; i < _leaves.Length; i++)
        {
            x -= _leafWeights[i];
            if (x <= 0)
            {
                return _leaves[i];
            }
        }

        return _leaves[^1];
    }

    private string RequestTypeFor(string category) => category.StartsWith("09", StringComparison.Ordinal) || category.StartsWith("10", StringComparison.Ordinal)
        ? "consultation"
        : _random.NextDouble() switch { < 0.6 => "complaint", < 0.8 => "help", < 0.9 => "report", _ => "suggestion" };

    private string Channel() => _random.NextDouble() switch { < 0.7 => "phone", < 0.85 => "wechat", < 0.93 => "web", _ => "app" };

    private string? Caller() => _random.NextDouble() switch
    {
        < 0.08 => null,
        < 0.33 => _frequentCallers[_random.Next(_frequentCallers.Length)],
        _ => Phone(),
    };

    private string Phone() => "1" + (3 + _random.Next(7)).ToString(CultureInfo.InvariantCulture) + _random.NextInt64(0, 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture);

    private TimeSpan TimeOfDay()
    {
        var total = HourWeights.Sum();
        var x = _random.NextDouble() * total;
        var hour = 0;
        while (hour < 23 && (x -= HourWeights[hour]) > 0)
        {
            hour++;
        }

        return TimeSpan.FromHours(hour) + TimeSpan.FromSeconds(_random.Next(3_600));
    }

    private double Jitter(double degrees) => (_random.NextDouble() * 2 - 1) * degrees;

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}

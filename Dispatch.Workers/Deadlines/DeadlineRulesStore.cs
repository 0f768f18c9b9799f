using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Deadlines;

/// <summary>Reads calendars and SLA policies; keeps a snapshot for <see cref="DeadlineOptions.RefreshInterval"/>.</summary>
public sealed partial class DeadlineRulesStore : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly IOptions<DeadlineOptions> _options;
    private readonly ILogger _logger;
    private readonly RefreshingSnapshot<DeadlineRules> _snapshot;
    private readonly HashSet<(string Calendar, int Year)> _warned = [];

    public DeadlineRulesStore(Database database, TimeProvider clock, IOptions<DeadlineOptions> options, ILogger<DeadlineRulesStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _options = options;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _snapshot = new RefreshingSnapshot<DeadlineRules>(clock, () => options.Value.RefreshInterval,
            ct => database.ReadAsync(LoadAsync, ct));
    }

    public Task<DeadlineRules> GetAsync(CancellationToken cancellationToken) => _snapshot.GetAsync(cancellationToken);

    public void Dispose() => _snapshot.Dispose();

    public void Invalidate() => _snapshot.Invalidate();

    /// <summary>
    /// The policy as it was at <paramref name="version"/> (<see cref="DeadlineRules.TryPolicyAt"/>): read from its stored version only
    /// when <paramref name="rules"/> does not know it yet, once per snapshot.
    /// </summary>
    public static async ValueTask<SlaPolicy?> PolicyAtAsync(DbConnection connection, DbTransaction? transaction, DeadlineRules rules, long id, int version,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.TryPolicyAt(id, version, out var known))
        {
            return known;
        }

        var definition = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select definition from sla_policy_versions where policy_id = @Id and version = @Version", new { Id = id, Version = version },
            transaction, cancellationToken: ct));
        return rules.RememberPolicyAt(id, version, definition is null ? null : JsonSerializer.Deserialize<SlaPolicy>(definition, JsonSerializerOptions.Web));
    }

    private async Task<DeadlineRules> LoadAsync(DbConnection connection, CancellationToken ct)
    {
        var days = (await connection.QueryAsync<DayRow>(new CommandDefinition(
            "select calendar_code as CalendarCode, day as Day, kind as Kind, name as Name, source as Source from calendar_days",
            cancellationToken: ct))).ToLookup(d => d.CalendarCode);
        var years = (await connection.QueryAsync<(string Code, int Year)>(new CommandDefinition(
            "select calendar_code, year from calendar_years", cancellationToken: ct))).ToLookup(y => y.Code, y => y.Year);
        var calendars = (await connection.QueryAsync<CalendarRow>(new CommandDefinition(
            "select code as Code, version as Version, time_zone as TimeZone, week as Week, observes_holidays as ObservesHolidays from calendars",
            cancellationToken: ct)))
            .ToDictionary(c => c.Code, c => new WorkingCalendar(c.Code, c.Version, TimeZoneInfo.FindSystemTimeZoneById(c.TimeZone),
                ParseWeek(c.Week),
                days[c.Code].Select(d => new CalendarDay(d.Date,
                    d.Kind == "holiday" ? CalendarDayKind.Holiday : CalendarDayKind.MakeUpWorkday, d.Name, d.Source)),
                years[c.Code], c.ObservesHolidays));
        var policies = (await connection.QueryAsync<PolicyRow>(new CommandDefinition($"""
            {PolicyRow.Select}
            from sla_policies where enabled = @Enabled
            """, new { Enabled = true }, cancellationToken: ct))).Select(p => p.ToPolicy()).ToList();
        var departments = (await connection.QueryAsync<(string Code, string CalendarCode)>(new CommandDefinition(
            "select code, calendar_code from departments where calendar_code is not null", cancellationToken: ct)))
            .ToDictionary(d => d.Code, d => d.CalendarCode);
        if (!calendars.ContainsKey(_options.Value.CenterCalendarCode))
        {
            throw new InvalidOperationException($"The center's calendar {_options.Value.CenterCalendarCode} (Deadlines:CenterCalendarCode) does not exist.");
        }

        // A year without holiday data: a warning once per process per calendar and year, not a storm.
        lock (_warned)
        {
            foreach (var calendar in calendars.Values)
            {
                foreach (var year in CalendarAdministration.MissingYears(calendar, _clock.GetUtcNow()).Where(y => _warned.Add((calendar.Code, y))))
                {
                    LogMissingYear(_logger, calendar.Code, year);
                }
            }
        }

        return new DeadlineRules(calendars, policies, departments, _options.Value.CenterCalendarCode);
    }

    /// <summary>{"Monday": [["09:00","12:00"], ...], ...}; "24:00" ends a day.</summary>
    public static Dictionary<DayOfWeek, IReadOnlyList<TimeFrame>> ParseWeek(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string[][]>>(json)!
            .ToDictionary(d => Enum.Parse<DayOfWeek>(d.Key), d => (IReadOnlyList<TimeFrame>)[.. d.Value.Select(f => new TimeFrame(Time(f[0]), Time(f[1])))]);

    public static string UnitName(LimitUnit unit) => unit switch
    {
        LimitUnit.WorkingHours => "working-hours",
        LimitUnit.WorkingDays => "working-days",
        _ => "natural-hours",
    };

    public static LimitUnit ParseUnit(string name) => name switch
    {
        "working-hours" => LimitUnit.WorkingHours,
        "working-days" => LimitUnit.WorkingDays,
        "natural-hours" => LimitUnit.NaturalHours,
        _ => throw new FormatException($"'{name}' is not a limit unit (working-hours, working-days, natural-hours)."),
    };

    private static TimeSpan Time(string hhmm)
    {
        var parts = hhmm.Split(':');
        return new TimeSpan(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), 0);
    }

    internal static async Task InsertPolicyAsync(DbConnection connection, DbTransaction transaction, SlaPolicy policy, string actor,
        DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into sla_policies (id, version, priority, name, request_types, category_prefix, urgency, signoff_amount, signoff_unit,
                                      reply_amount, reply_unit, warning_percents, auto_return, supervision_grace_hours, enabled, rectification_photos,
                                      changed_at, changed_by)
            values (@Id, @Version, @Priority, @Name, @RequestTypes, @CategoryPrefix, @Urgency, @SignOffAmount, @SignOffUnit,
                    @ReplyAmount, @ReplyUnit, @WarningPercents, @AutoReturn, @Grace, @Enabled, @RectificationPhotos, @Now, @Actor)
            """,
            new
            {
                policy.Id, policy.Version, policy.Priority, policy.Name, RequestTypes = JsonSerializer.Serialize(policy.RequestTypes),
                policy.CategoryPrefix, policy.Urgency, SignOffAmount = policy.SignOff.Amount, SignOffUnit = UnitName(policy.SignOff.Unit),
                ReplyAmount = policy.Reply.Amount, ReplyUnit = UnitName(policy.Reply.Unit),
                WarningPercents = JsonSerializer.Serialize(policy.WarningPercents), AutoReturn = policy.AutoReturnOnSignOffBreach,
                Grace = policy.SupervisionGraceHours, policy.Enabled, RectificationPhotos = policy.RectificationPhotosRequired, Now = now, Actor = actor,
            }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into sla_policy_versions (policy_id, version, definition, changed_at, changed_by) values (@Id, @Version, @Definition, @Now, @Actor)
            """, new { policy.Id, policy.Version, Definition = JsonSerializer.Serialize(policy, JsonSerializerOptions.Web), Now = now, Actor = actor },
            transaction, cancellationToken: ct));
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Calendar {Calendar} has no holiday data for {Year}: deadlines in {Year} count every weekday until an administrator adds that year's notice (POST /api/calendars/{Calendar}/years)")]
    private static partial void LogMissingYear(ILogger logger, string calendar, int year);

    private sealed class DayRow
    {
        public string CalendarCode { get; init; } = "";
        /// <summary>DateOnly from Npgsql, DateTime from SqlClient.</summary>
        public object Day { get; init; } = default(DateOnly);

        public DateOnly Date => Day is DateOnly date ? date : DateOnly.FromDateTime((DateTime)Day);
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public string Source { get; init; } = "";
    }

    private sealed class CalendarRow
    {
        public string Code { get; init; } = "";
        public int Version { get; init; }
        public string TimeZone { get; init; } = "";
        public string Week { get; init; } = "";
        public bool ObservesHolidays { get; init; }
    }

    /// <summary>An <c>sla_policies</c> row as read; <see cref="SlaAdministration"/> reads the same rows with who changed them.</summary>
    internal sealed class PolicyRow
    {
        public const string Select = $"""
            select id as {nameof(Id)}, version as {nameof(Version)}, priority as {nameof(Priority)}, name as {nameof(Name)},
                   request_types as {nameof(RequestTypes)}, category_prefix as {nameof(CategoryPrefix)}, urgency as {nameof(Urgency)},
                   signoff_amount as {nameof(SignOffAmount)}, signoff_unit as {nameof(SignOffUnit)}, reply_amount as {nameof(ReplyAmount)},
                   reply_unit as {nameof(ReplyUnit)}, warning_percents as {nameof(WarningPercents)}, auto_return as {nameof(AutoReturn)},
                   supervision_grace_hours as {nameof(SupervisionGraceHours)}, enabled as {nameof(Enabled)},
                   rectification_photos as {nameof(RectificationPhotos)},
                   changed_at as {nameof(ChangedAt)}, changed_by as {nameof(ChangedBy)}
            """;

        public long Id { get; init; }
        public int Version { get; init; }
        public int Priority { get; init; }
        public string Name { get; init; } = "";
        public string RequestTypes { get; init; } = "[]";
        public string? CategoryPrefix { get; init; }
        public string? Urgency { get; init; }
        public decimal SignOffAmount { get; init; }
        public string SignOffUnit { get; init; } = "";
        public decimal ReplyAmount { get; init; }
        public string ReplyUnit { get; init; } = "";
        public string WarningPercents { get; init; } = "[]";
        public bool AutoReturn { get; init; }
        public decimal SupervisionGraceHours { get; init; }
        public bool Enabled { get; init; }
        public bool RectificationPhotos { get; init; }
        public DateTimeOffset ChangedAt { get; init; }
        public string ChangedBy { get; init; } = "";

        public SlaPolicy ToPolicy() => new(Id, Version, Priority, Name, JsonSerializer.Deserialize<List<string>>(RequestTypes) ?? [],
            CategoryPrefix, Urgency, new SlaLimit(SignOffAmount, ParseUnit(SignOffUnit)), new SlaLimit(ReplyAmount, ParseUnit(ReplyUnit)),
            JsonSerializer.Deserialize<List<int>>(WarningPercents) ?? [], AutoReturn, SupervisionGraceHours, Enabled, RectificationPhotos);
    }
}

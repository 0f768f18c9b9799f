using System.Data.Common;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Deadlines;

/// <summary>Writes to calendars: a year's notice, local holidays. Every change bumps the calendar's version and says what changed.</summary>
public static class CalendarAdministration
{
    /// <summary>Loads a year's holidays and make-up days into a calendar and marks the year covered.</summary>
    public static async Task InsertYearAsync(DbConnection connection, DbTransaction transaction, string calendarCode, HolidayYear year,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(year);
        foreach (var day in year.Days)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into calendar_days (calendar_code, day, kind, name, source) values (@Code, @Day, @Kind, @Name, @Source)
                """, new
            {
                Code = calendarCode, Day = day.Date.ToDateTime(TimeOnly.MinValue), Kind = KindName(day.Kind), day.Name, day.Source,
            }, transaction, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "insert into calendar_years (calendar_code, year, source) values (@Code, @Year, @Source)",
            new { Code = calendarCode, year.Year, year.Source }, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// Adds a year's notice (every holiday and make-up day of the year, with the notice's source) to a calendar; when the administrator
    /// names the <paramref name="expectedVersion"/> they decided on (the console does), a calendar changed since is refused.
    /// </summary>
    public static Task<CalendarChange> AddYearAsync(Database database, Administration.AdminChanges changes, string calendarCode, HolidayYear year, string actor, DateTimeOffset now,
        int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(year);
        return database.InTransactionAsync<CalendarChange>(async (connection, transaction, ct) =>
        {
            if (await VersionAsync(connection, transaction, calendarCode, ct) is not { } version)
            {
                return new CalendarChange.NotFound();
            }

            if (Stale(calendarCode, version, expectedVersion) is { } stale)
            {
                return stale;
            }

            if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "select count(*) from calendar_years where calendar_code = @Code and year = @Year", new { Code = calendarCode, year.Year },
                    transaction, cancellationToken: ct)) > 0)
            {
                return new CalendarChange.Conflict($"{year.Year} is already loaded into {calendarCode}; add single local days instead.");
            }

            if (await ClashAsync(connection, transaction, calendarCode, year.Days, ct) is { } clash)
            {
                return new CalendarChange.Conflict(clash);
            }

            await InsertYearAsync(connection, transaction, calendarCode, year, ct);
            return await BumpAsync(changes, connection, transaction, calendarCode, version,
                $"added {year.Year} ({year.Days.Count(d => d.Kind == CalendarDayKind.Holiday)} holidays, " +
                $"{year.Days.Count(d => d.Kind == CalendarDayKind.MakeUpWorkday)} make-up days) from {year.Source}", actor, now, ct);
        }, cancellationToken, commitWhen: change => change is CalendarChange.Done);
    }

    /// <summary>Adds one local day (e.g. Guangxi's 三月三) to a calendar; a stale <paramref name="expectedVersion"/>, when named, is refused.</summary>
    public static Task<CalendarChange> AddDayAsync(Database database, Administration.AdminChanges changes, string calendarCode, CalendarDay day, string actor, DateTimeOffset now,
        int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(day);
        return database.InTransactionAsync<CalendarChange>(async (connection, transaction, ct) =>
        {
            if (await VersionAsync(connection, transaction, calendarCode, ct) is not { } version)
            {
                return new CalendarChange.NotFound();
            }

            if (Stale(calendarCode, version, expectedVersion) is { } stale)
            {
                return stale;
            }

            if (await ClashAsync(connection, transaction, calendarCode, [day], ct) is { } clash)
            {
                return new CalendarChange.Conflict(clash);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "insert into calendar_days (calendar_code, day, kind, name, source) values (@Code, @Day, @Kind, @Name, @Source)",
                new { Code = calendarCode, Day = day.Date.ToDateTime(TimeOnly.MinValue), Kind = KindName(day.Kind), day.Name, day.Source },
                transaction, cancellationToken: ct));
            return await BumpAsync(changes, connection, transaction, calendarCode, version,
                $"added {day.Date:yyyy-MM-dd} {KindName(day.Kind)} {day.Name} ({day.Source})", actor, now, ct);
        }, cancellationToken, commitWhen: change => change is CalendarChange.Done);
    }

    /// <summary>Every calendar with what an administrator needs to see: the years covered and the years that are not.</summary>
    public static Task<IReadOnlyList<CalendarSummary>> ListAsync(Database database, DeadlineRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(rules);
        return database.ReadAsync<IReadOnlyList<CalendarSummary>>(async (connection, ct) =>
        {
            var history = (await connection.QueryAsync<(string Code, int Version, string Change, DateTimeOffset ChangedAt, string ChangedBy)>(
                new CommandDefinition("select calendar_code, version, change, changed_at, changed_by from calendar_versions order by version",
                    cancellationToken: ct))).ToLookup(h => h.Code);
            return [.. rules.Calendars.Values.OrderBy(c => c.Code).Select(c =>
            {
                var thisYear = c.LocalDate(now).Year;
                return new CalendarSummary(c.Code, c.Version, c.Zone.Id, c.ObservesHolidays, c.WorkingDay.TotalHours,
                    [.. c.YearsCovered.Order()], MissingYears(c, now),
                    [.. rules.DepartmentCalendars.Where(d => d.Value == c.Code).Select(d => d.Key).Order()],
                    c.Code == rules.CenterCalendarCode,
                    [.. history[c.Code].Select(h => new CalendarVersionView(h.Version, h.Change, h.ChangedAt, h.ChangedBy))]);
            })];
        }, cancellationToken);
    }

    /// <summary>This year and next, where a calendar that observes holidays has no data for them.</summary>
    public static IReadOnlyList<int> MissingYears(WorkingCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var year = calendar.LocalDate(now).Year;
        return calendar.ObservesHolidays ? [.. new[] { year, year + 1 }.Where(y => !calendar.YearsCovered.Contains(y))] : [];
    }

    private static CalendarChange.Conflict? Stale(string code, int version, int? expectedVersion) =>
        expectedVersion is { } expected && expected != version
            ? new CalendarChange.Conflict($"Calendar {code} is at version {version}, not {expected}: someone changed it meanwhile.")
            : null;

    /// <summary>
    /// One year of a calendar as the administrator's year view shows it: its holidays and make-up working days with their names and
    /// notices, whether the year's notice is loaded (and from where), and the calendar's version a change names. Null: no such calendar.
    /// Read from the tables, not the deadline rules' snapshot, which another process refreshes only every so often.
    /// </summary>
    public static Task<CalendarYearView?> YearAsync(Database database, string code, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.ReadAsync<CalendarYearView?>(async (connection, ct) =>
        {
            if (await connection.QuerySingleOrDefaultAsync<YearCalendarRow>(new CommandDefinition(YearCalendarSql, new { Code = code }, cancellationToken: ct))
                is not { } calendar)
            {
                return null;
            }

            var notice = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "select source from calendar_years where calendar_code = @Code and year = @Year", new { Code = code, Year = year }, cancellationToken: ct));
            var days = await connection.QueryAsync<YearDayRow>(new CommandDefinition(YearDaysSql, new
            {
                Code = code, From = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), To = new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
            }, cancellationToken: ct));
            return new CalendarYearView(code, calendar.Version, calendar.Name, year, notice is not null, notice, calendar.ObservesHolidays,
                JsonSerializer.Deserialize<Dictionary<string, string[][]>>(calendar.Week) ?? [],
                [.. days.Select(d => new CalendarDayView(d.Date, d.Kind, d.Name, d.Source)).OrderBy(d => d.Date)]);
        }, cancellationToken);
    }

    private const string YearDaysSql = $"""
        select day as {nameof(YearDayRow.Day)}, kind as {nameof(YearDayRow.Kind)}, name as {nameof(YearDayRow.Name)}, source as {nameof(YearDayRow.Source)}
        from calendar_days where calendar_code = @Code and day >= @From and day < @To
        """;

    private const string YearCalendarSql = $"""
        select version as {nameof(YearCalendarRow.Version)}, name as {nameof(YearCalendarRow.Name)}, week as {nameof(YearCalendarRow.Week)},
               observes_holidays as {nameof(YearCalendarRow.ObservesHolidays)}
        from calendars where code = @Code
        """;

    private sealed class YearCalendarRow
    {
        public int Version { get; init; }
        public string Name { get; init; } = "";
        public string Week { get; init; } = "";
        public bool ObservesHolidays { get; init; }
    }

    private sealed class YearDayRow
    {
        /// <summary>DateOnly from Npgsql, DateTime from SqlClient.</summary>
        public object Day { get; init; } = default(DateOnly);

        public DateOnly Date => Day is DateOnly date ? date : DateOnly.FromDateTime((DateTime)Day);
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public string Source { get; init; } = "";
    }

    private static Task<int?> VersionAsync(DbConnection connection, DbTransaction transaction, string code, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "select version from calendars where code = @Code", new { Code = code }, transaction, cancellationToken: ct));

    private static async Task<string?> ClashAsync(DbConnection connection, DbTransaction transaction, string code, IReadOnlyList<CalendarDay> days,
        CancellationToken ct)
    {
        foreach (var day in days)
        {
            if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "select count(*) from calendar_days where calendar_code = @Code and day = @Day",
                    new { Code = code, Day = day.Date.ToDateTime(TimeOnly.MinValue) }, transaction, cancellationToken: ct)) > 0)
            {
                return $"{day.Date:yyyy-MM-dd} is already in {code}.";
            }
        }

        return null;
    }

    private static async Task<CalendarChange> BumpAsync(Administration.AdminChanges changes, DbConnection connection, DbTransaction transaction, string code, int version, string change,
        string actor, DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "update calendars set version = @Next, changed_at = @Now, changed_by = @Actor where code = @Code and version = @Version",
            new { Next = version + 1, Now = now, Actor = actor, Code = code, Version = version }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into calendar_versions (calendar_code, version, change, changed_at, changed_by) values (@Code, @Next, @Change, @Now, @Actor)",
            new { Code = code, Next = version + 1, Change = change, Now = now, Actor = actor }, transaction, cancellationToken: ct));
        await changes.RecordAsync(connection, transaction, Administration.AdminChanges.Calendar, code, version + 1, "edit",
            null, change, actor, now, ct);
        return new CalendarChange.Done(version + 1, change);
    }

    /// <summary>A new calendar: its week of working frames (validated by <see cref="WorkingCalendar"/>), time zone and whether it observes holidays.</summary>
    public static Task<CalendarChange> CreateAsync(Database database, Administration.AdminChanges changes, string code, string name, string timeZone, string week, bool observesHolidays,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.InTransactionAsync<CalendarChange>(async (connection, transaction, ct) =>
        {
            if (await VersionAsync(connection, transaction, code, ct) is not null)
            {
                return new CalendarChange.Conflict($"Calendar {code} exists already; edit it instead.");
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                insert into calendars (code, version, name, time_zone, week, observes_holidays, changed_at, changed_by)
                values (@Code, 1, @Name, @TimeZone, @Week, @ObservesHolidays, @Now, @Actor)
                """, new { Code = code, Name = name, TimeZone = timeZone, Week = week, ObservesHolidays = observesHolidays, Now = now, Actor = actor },
                transaction, cancellationToken: ct));
            var change = $"created: {name}, {timeZone}, week {week}, observes holidays: {observesHolidays}";
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into calendar_versions (calendar_code, version, change, changed_at, changed_by) values (@Code, 1, @Change, @Now, @Actor)",
                new { Code = code, Change = change, Now = now, Actor = actor }, transaction, cancellationToken: ct));
            await changes.RecordAsync(connection, transaction, Administration.AdminChanges.Calendar, code, 1, "create",
                null, change, actor, now, ct);
            return new CalendarChange.Done(1, change);
        }, cancellationToken, commitWhen: change => change is CalendarChange.Done);
    }

    /// <summary>
    /// New working frames or name for a calendar at <paramref name="expectedVersion"/>. Clocks already running keep their
    /// deadline (their explanation names the version they were planned on); clocks started from now on use the new week.
    /// </summary>
    public static Task<CalendarChange> EditAsync(Database database, Administration.AdminChanges changes, string code, int expectedVersion, string name, string week, bool observesHolidays,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.InTransactionAsync<CalendarChange>(async (connection, transaction, ct) =>
        {
            if (await VersionAsync(connection, transaction, code, ct) is not { } version)
            {
                return new CalendarChange.NotFound();
            }

            if (version != expectedVersion)
            {
                return new CalendarChange.Conflict($"Calendar {code} is at version {version}, not {expectedVersion}: someone changed it meanwhile.");
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "update calendars set name = @Name, week = @Week, observes_holidays = @ObservesHolidays where code = @Code",
                new { Code = code, Name = name, Week = week, ObservesHolidays = observesHolidays }, transaction, cancellationToken: ct));
            return await BumpAsync(changes, connection, transaction, code, version, $"week {week}; name {name}; observes holidays: {observesHolidays}", actor, now, ct);
        }, cancellationToken, commitWhen: change => change is CalendarChange.Done);
    }

    public static string KindName(CalendarDayKind kind) => kind == CalendarDayKind.Holiday ? "holiday" : "make-up-workday";
}

public abstract record CalendarChange
{
    private CalendarChange()
    {
    }

    public sealed record Done(int Version, string Change) : CalendarChange;

    public sealed record NotFound : CalendarChange;

    public sealed record Conflict(string Reason) : CalendarChange;
}

public sealed record CalendarSummary(
    string Code,
    int Version,
    string TimeZone,
    bool ObservesHolidays,
    double WorkingDayHours,
    IReadOnlyList<int> YearsCovered,
    IReadOnlyList<int> MissingYears,
    IReadOnlyList<string> Departments,
    bool IsCenterCalendar,
    IReadOnlyList<CalendarVersionView> History);

/// <summary>
/// A calendar's year: its week (working frames by English day name, as an edit takes it), its dated days (kind <c>holiday</c> or
/// <c>make-up-workday</c>), whether the year's notice is loaded. A calendar that does not observe holidays lists its days but does not use them.
/// </summary>
public sealed record CalendarYearView(string Code, int Version, string Name, int Year, bool Covered, string? NoticeSource, bool ObservesHolidays,
    IReadOnlyDictionary<string, string[][]> Week, IReadOnlyList<CalendarDayView> Days);

public sealed record CalendarDayView(DateOnly Date, string Kind, string Name, string Source);

public sealed record CalendarVersionView(int Version, string Change, DateTimeOffset ChangedAt, string ChangedBy);

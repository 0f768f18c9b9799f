using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis.Administration;

/// <summary>
/// Working calendars: what administrators, supervisors and dispatchers see (years covered, years missing), and how administrators
/// create a calendar, change its week, and add next year's notice or a local day. Every change is versioned and recorded.
/// </summary>
public static class CalendarsApi
{
    public static IEndpointRouteBuilder MapCalendarsApi(this IEndpointRouteBuilder app)
    {
        var calendars = app.MapGroup("/api/calendars").WithTags(ApiTags.Calendars);
        calendars.MapGet("/", List).WithName("ListCalendars").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Dispatcher))
            .WithSummary("Every calendar: time zone, years covered, years missing (this year and next), departments, version history.");
        calendars.MapGet("/{code}/days", Year).WithName("GetCalendarYear").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Dispatcher))
            .WithSummary("One year of a calendar (?year=, default this year): its holidays and make-up working days, whether the year's notice is loaded, the version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        calendars.MapPost("/{code}/years", AddYear).WithName("AddCalendarYear").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Adds a year's State Council notice: {year, source, days: [{date, kind: holiday|make-up-workday, name}], version (optional)}.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        calendars.MapPost("/{code}/days", AddDay).WithName("AddCalendarDay").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Adds one local holiday or make-up day: {date, kind, name, source, version (optional)}.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var admin = app.MapAdminGroup("calendars", ApiTags.Calendars);
        admin.MapPost("/", Create).WithName("CreateCalendar")
            .WithSummary("Creates a calendar: {code, name, timeZone, week: {Monday: [[\"09:00\",\"12:00\"], …]}, observesHolidays}.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPut("/{code}", Edit).WithName("EditCalendar")
            .WithSummary("New week, name or holiday rule for a calendar (with its version). Holidays: POST /api/calendars/{code}/years.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<CalendarSummary>>> List(Workers.Administration.Calendars calendars, CancellationToken cancellationToken) =>
        TypedResults.Ok(await calendars.ListAsync(cancellationToken));

    public static async Task<Results<Ok<CalendarYearView>, ValidationProblem, ProblemHttpResult>> Year(string code, int? year,
        Workers.Administration.Calendars calendars, TimeProvider clock, IOptions<HotlineOptions> hotline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hotline);
        if (year is not null and not (>= 2000 and <= 2100))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["A year from 2000 to 2100."] }, title: "The year was not read.");
        }

        // The hotline's year by default (its time zone: January 1 in China is still December 31 in UTC for eight hours).
        var shown = year ?? LocalToday.Of(clock, hotline.Value).Year;
        return await calendars.YearAsync(code, shown, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such calendar.", detail: $"There is no calendar {code}.");
    }

    public static async Task<Results<Created<CalendarChange.Done>, ValidationProblem, ProblemHttpResult>> Create(CalendarRequest body,
        Workers.Administration.Calendars calendars, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        const string title = "The calendar was not saved.";
        var fields = new Fields();
        var code = fields.Code("code", body.Code, required: true);
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        var zone = fields.Text("timeZone", body.TimeZone, 64, required: true, allowLineBreaks: false);
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            fields.Fail("timeZone", $"'{Fields.Shorten(zone)}' is not an IANA time zone id (e.g. Asia/Shanghai).");
        }

        var week = Week(fields, code, body.Week);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: title);
        }

        return await calendars.CreateAsync(code!, name!, zone!, week!, body.ObservesHolidays ?? true, user.ToActor().ToString(), cancellationToken) switch
        {
            CalendarChange.Done done => TypedResults.Created($"/api/admin/calendars/{code}", done),
            var refused => Refused(refused, code!, title),
        };
    }

    public static async Task<Results<Ok<CalendarChange.Done>, ValidationProblem, ProblemHttpResult>> Edit(string code, CalendarRequest body,
        Workers.Administration.Calendars calendars, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var name = fields.Text("name", body.Name, 100, required: true, allowLineBreaks: false);
        var week = Week(fields, code, body.Week);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The calendar was not saved.");
        }

        return Changed(await calendars.EditAsync(code, version, name!, week!, body.ObservesHolidays ?? true, user.ToActor().ToString(), cancellationToken),
            code, "The calendar was not saved.");
    }

    public static async Task<Results<Ok<CalendarChange.Done>, ValidationProblem, ProblemHttpResult>> AddYear(string code, YearNoticeRequest body,
        Workers.Administration.Calendars calendars, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        if (body.Year is not (>= 2000 and <= 2100))
        {
            fields.Fail("year", "A year from 2000 to 2100.");
        }

        var source = fields.Text("source", body.Source, 300, required: true, allowLineBreaks: false);
        OptionalVersion(fields, body.Version);
        var days = new List<CalendarDay>();
        if (body.Days is not { Count: > 0 and <= 120 })
        {
            fields.Fail("days", "Between 1 and 120 days: every holiday and make-up working day of the notice.");
        }
        else
        {
            for (var i = 0; i < body.Days.Count; i++)
            {
                if (Day(fields, $"days[{i}]", body.Days[i], source ?? "") is { } day)
                {
                    if (day.Date.Year != body.Year)
                    {
                        fields.Fail($"days[{i}].date", $"{day.Date:yyyy-MM-dd} is not in {body.Year}.");
                    }
                    else if (days.Any(d => d.Date == day.Date))
                    {
                        fields.Fail($"days[{i}].date", $"{day.Date:yyyy-MM-dd} is listed twice.");
                    }
                    else
                    {
                        days.Add(day);
                    }
                }
            }
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The notice was not added.");
        }

        return Changed(await calendars.AddYearAsync(code, new HolidayYear(body.Year!.Value, source!, days), user.ToActor().ToString(), body.Version, cancellationToken),
            code, "The calendar was not changed.");
    }

    public static async Task<Results<Ok<CalendarChange.Done>, ValidationProblem, ProblemHttpResult>> AddDay(string code, CalendarDayRequest body,
        Workers.Administration.Calendars calendars, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var source = fields.Text("source", body.Source, 300, required: true, allowLineBreaks: false);
        OptionalVersion(fields, body.Version);
        var day = Day(fields, null, new NoticeDay(body.Date, body.Kind, body.Name), source ?? "");
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The day was not added.");
        }

        return Changed(await calendars.AddDayAsync(code, day!, user.ToActor().ToString(), body.Version, cancellationToken), code, "The calendar was not changed.");
    }

    /// <summary>A holiday year or day may name the calendar's version it was decided on (the console does): then a stale one is 409.</summary>
    private static void OptionalVersion(Fields fields, int? version)
    {
        if (version is < 1)
        {
            fields.Fail("version", "The calendar's version you looked at (from the list), or leave it out; a stale one is refused with 409.");
        }
    }

    private static Results<Ok<CalendarChange.Done>, ValidationProblem, ProblemHttpResult> Changed(CalendarChange change, string code, string title) =>
        change switch
        {
            CalendarChange.Done done => TypedResults.Ok(done),
            var refused => Refused(refused, code, title),
        };

    private static ProblemHttpResult Refused(CalendarChange change, string code, string title) =>
        change is CalendarChange.Conflict conflict
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: conflict.Reason)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such calendar.", detail: $"There is no calendar {code}.");

    /// <summary>The week as stored (JSON of the frames by day name), once <see cref="WorkingCalendar"/> accepts it; null when refused.</summary>
    private static string? Week(Fields fields, string? code, Dictionary<string, string[][]>? week)
    {
        if (week is not { Count: > 0 } days || days.Keys.Any(d => !Enum.TryParse<DayOfWeek>(d, ignoreCase: false, out _)))
        {
            fields.Fail("week", "Working frames by English day name: {\"Monday\": [[\"09:00\",\"12:00\"], [\"13:30\",\"17:30\"]], …}.");
            return null;
        }

        if (days.Values.Any(frames => frames is null || frames.Any(f => f is not [{ } start, { } end] || !IsTime(start) || !IsTime(end))))
        {
            fields.Fail("week", "Each day is a list of frames [start, end], each time HH:mm from 00:00 to 24:00.");
            return null;
        }

        var json = JsonSerializer.Serialize(week);
        try
        {
            _ = new WorkingCalendar(code ?? "x", 1, TimeZoneInfo.Utc, DeadlineRulesStore.ParseWeek(json), [], []);
            return json;
        }
        catch (ArgumentException e)
        {
            fields.Fail("week", $"Not a usable week: {e.Message}");
            return null;
        }
    }

    private static bool IsTime(string text) =>
        text.Length == 5 && text[2] == ':' && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
        && int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
        && minutes < 60 && (hours < 24 || (hours == 24 && minutes == 0));

    private static CalendarDay? Day(Fields fields, string? prefix, NoticeDay? input, string source)
    {
        string Field(string name) => prefix is null ? name : $"{prefix}.{name}";
        if (input is null)
        {
            fields.Fail(prefix ?? "body", "Required.");
            return null;
        }

        var date = fields.LocalDate(Field("date"), input.Date);
        var kind = fields.OneOf(Field("kind"), input.Kind, ["holiday", "make-up-workday"], required: true);
        var name = fields.Text(Field("name"), input.Name, 100, required: true, allowLineBreaks: false);
        return kind is null || name is null || date is null
            ? null
            : new CalendarDay(date.Value, kind == "holiday" ? CalendarDayKind.Holiday : CalendarDayKind.MakeUpWorkday, name, source);
    }
}

public sealed record CalendarRequest(string? Code, int? Version, string? Name, string? TimeZone, Dictionary<string, string[][]>? Week, bool? ObservesHolidays);

public sealed record NoticeDay(string? Date, string? Kind, string? Name);

/// <summary>A year's notice; <see cref="Version"/>, when given, is the calendar's version it was decided on (stale: 409).</summary>
public sealed record YearNoticeRequest(int? Year, string? Source, IReadOnlyList<NoticeDay?>? Days, int? Version = null);

/// <summary>One local day; <see cref="Version"/>, when given, is the calendar's version it was decided on (stale: 409).</summary>
public sealed record CalendarDayRequest(string? Date, string? Kind, string? Name, string? Source, int? Version = null);

using System.Globalization;
using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis;

/// <summary>Working calendars: what administrators see (years covered, years missing) and how they add next year's notice or a local day.</summary>
public static class CalendarsApi
{
    public static IEndpointRouteBuilder MapCalendarsApi(this IEndpointRouteBuilder app)
    {
        var calendars = app.MapGroup("/api/calendars").WithTags("Calendars");
        calendars.MapGet("/", List).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Dispatcher))
            .WithSummary("Every calendar: time zone, years covered, years missing (this year and next), departments, version history.");
        calendars.MapPost("/{code}/years", AddYear).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Adds a year's State Council notice: {year, source, days: [{date, kind: holiday|make-up-workday, name}]}.");
        calendars.MapPost("/{code}/days", AddDay).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Adds one local holiday or make-up day: {date, kind, name, source}.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<CalendarSummary>>> List(Database database, DeadlineRulesStore rules, TimeProvider clock,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await CalendarAdministration.ListAsync(database, await rules.GetAsync(cancellationToken), clock.GetUtcNow(), cancellationToken));

    public static async Task<Results<Ok<CalendarChange.Done>, ValidationProblem, ProblemHttpResult>> AddYear(string code, YearNoticeRequest body,
        Database database, AdminChanges changes, DeadlineRulesStore rules, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        if (body.Year is not (>= 2000 and <= 2100))
        {
            fields.Fail("year", "A year from 2000 to 2100.");
        }

        var source = fields.Text("source", body.Source, 300, required: true, allowLineBreaks: false);
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

        return Answer(await CalendarAdministration.AddYearAsync(database, changes, code, new HolidayYear(body.Year!.Value, source!, days),
            user.ToActor().ToString(), clock.GetUtcNow(), cancellationToken), code, rules);
    }

    public static async Task<Results<Ok<CalendarChange.Done>, ValidationProblem, ProblemHttpResult>> AddDay(string code, CalendarDayRequest body,
        Database database, AdminChanges changes, DeadlineRulesStore rules, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var source = fields.Text("source", body.Source, 300, required: true, allowLineBreaks: false);
        var day = Day(fields, null, new NoticeDay(body.Date, body.Kind, body.Name), source ?? "");
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The day was not added.");
        }

        return Answer(await CalendarAdministration.AddDayAsync(database, changes, code, day!, user.ToActor().ToString(), clock.GetUtcNow(), cancellationToken),
            code, rules);
    }

    private static Results<Ok<CalendarChange.Done>, ValidationProblem, ProblemHttpResult> Answer(CalendarChange change, string code, DeadlineRulesStore rules)
    {
        switch (change)
        {
            case CalendarChange.Done done:
                rules.Invalidate();
                return TypedResults.Ok(done);
            case CalendarChange.Conflict conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The calendar was not changed.", detail: conflict.Reason);
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such calendar.", detail: $"There is no calendar {code}.");
        }
    }

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

public sealed record NoticeDay(string? Date, string? Kind, string? Name);

public sealed record YearNoticeRequest(int? Year, string? Source, IReadOnlyList<NoticeDay?>? Days);

public sealed record CalendarDayRequest(string? Date, string? Kind, string? Name, string? Source);

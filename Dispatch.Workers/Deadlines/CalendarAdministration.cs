using System.Data.Common;
using Dapper;

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

    public static string KindName(CalendarDayKind kind) => kind == CalendarDayKind.Holiday ? "holiday" : "make-up-workday";
}
